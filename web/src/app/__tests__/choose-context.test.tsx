import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { ActingAs, ChooseActingContext } from '@ers/shared/bff-contract';
import { actingContextChoices, problem, signedInUser } from '@/testing/data';
import { choicesFor, problemResponse, userWithOtherRolesHandler } from '@/testing/handlers';
import { renderApp } from '@/testing/render-app';

/** The first render loads the lazy route modules: give it longer than the 1 s default. */
const SLOW = { timeout: 5000 };
import { server } from '@/testing/server';

const SPCA_AS: ActingAs = { odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN' };

function actingAs(current: ActingAs | null, choices = choicesFor(current)) {
  server.use(
    http.get('/bff/user', () =>
      HttpResponse.json({ ...signedInUser, user: { ...signedInUser.user, actingAs: current } }),
    ),
    http.get('/api/acting-context', () => HttpResponse.json(choices)),
  );
}

function recordPut() {
  const bodies: ChooseActingContext[] = [];
  server.use(
    http.put('/api/acting-context', async ({ request }) => {
      const body = (await request.json()) as ChooseActingContext;
      bodies.push(body);
      return HttpResponse.json(choicesFor(body));
    }),
  );
  return bodies;
}

describe('choose how you are working', () => {
  it('lists the pairs in words with the current one chosen, and goes to the worklists', async () => {
    const bodies = recordPut();
    const { user, router } = renderApp('/choose-context');
    await screen.findByRole('heading', { level: 1, name: 'Choose how you are working' }, SLOW);
    const group = screen.getByRole('group', { name: 'How are you working today?' });
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((radio) => radio.closest('div')?.textContent)).toEqual([
      'Service provider clinician at Royal Example Hospital (R69)',
      'Referring clinician at Royal Example Hospital (R69)',
      'Service provider clinician admin at Royal Example Hospital (R69)',
      // A pair e-RS A030 lists at an organisation CIS2 does not name.
      'Referring clinician at organisation R68',
    ]);
    expect(radios[0]).toBeChecked();

    await user.click(screen.getByLabelText('Referring clinician at Royal Example Hospital (R69)'));
    await user.click(screen.getByRole('button', { name: 'Continue' }));

    await screen.findByRole('heading', { level: 1, name: 'Worklists' }, SLOW);
    expect(bodies).toEqual([{ odsCode: 'R69', businessFunction: 'REFERRING_CLINICIAN' }]);
    expect(router.state.location.pathname).toMatch(/^\/worklists/);
  });

  it('goes back to returnTo after choosing', async () => {
    recordPut();
    const { user, router } = renderApp('/choose-context?returnTo=%2Freferrals%2F000000070001');
    await user.click(await screen.findByRole('button', { name: 'Continue' }, SLOW));
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0001' }, SLOW);
    expect(router.state.location.pathname).toBe('/referrals/000000070001');
  });

  it('asks for a choice when none is made, in the error summary', async () => {
    server.use(
      http.get('/api/acting-context', () =>
        HttpResponse.json({
          ...actingContextChoices,
          current: { odsCode: 'X1', businessFunction: 'COMMISSIONER', onBehalfOf: null },
        }),
      ),
    );
    const { user } = renderApp('/choose-context');
    await user.click(await screen.findByRole('button', { name: 'Continue' }, SLOW));
    const alert = await screen.findByRole('alert', undefined, SLOW);
    expect(within(alert).getByRole('link', { name: 'Select how you are working' })).toHaveAttribute(
      'href',
      '#context-0',
    );
    expect(document.title).toBe('Error: Choose how you are working - e-Referrals');
  });

  it('shows what the BFF refused', async () => {
    server.use(
      http.put('/api/acting-context', () =>
        problemResponse(
          problem({
            status: 403,
            code: 'no_access',
            detail: 'You cannot work in that role at that organisation.',
            correlationId: 'corr-put',
          }),
        ),
      ),
    );
    const { user } = renderApp('/choose-context');
    await user.click(await screen.findByRole('button', { name: 'Continue' }, SLOW));
    expect(await screen.findByRole('alert', undefined, SLOW)).toHaveTextContent(
      'You cannot work in that role at that organisation.',
    );
    expect(screen.getByText('Correlation ID: corr-put')).toBeInTheDocument();
  });

  it('sends a clinician admin without a clinician here, then asks which clinician', async () => {
    actingAs(SPCA_AS);
    const bodies = recordPut();
    const { user, router } = renderApp('/worklists');
    await screen.findByRole('heading', { level: 1, name: 'Choose how you are working' }, SLOW);
    expect(router.state.location.pathname).toBe('/choose-context');
    expect(router.state.location.search).toMatch(/^\?returnTo=%2Fworklists/);

    const question = await screen.findByRole(
      'group',
      {
        name: 'Which clinician are you working for?',
      },
      SLOW,
    );
    expect(
      within(question)
        .getAllByRole('radio')
        .map((radio) => radio.id),
    ).toEqual(['on-behalf-of-0', 'on-behalf-of-1']);
    expect(
      within(question).getByLabelText('The clinician with NHS user ID 5550 3200 6106'),
    ).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Continue' }));
    const alert = await screen.findByRole('alert', undefined, SLOW);
    expect(
      within(alert).getByRole('link', { name: 'Select the clinician you are working for' }),
    ).toHaveAttribute('href', '#on-behalf-of-0');
    expect(bodies).toEqual([]);

    await user.click(screen.getByLabelText('Dr Sam Example (NHS user ID 5550 3200 6107)'));
    // The BFF now reports the clinician acted for.
    actingAs({ ...SPCA_AS, onBehalfOf: { userId: '555032006107', name: 'Dr Sam Example' } });
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { level: 1, name: 'Worklists' }, SLOW);
    // And from then on, on every page, the header says whom they act for.
    expect(
      within(screen.getByRole('navigation', { name: 'Account' })).getByText(
        'Acting for Dr Sam Example',
      ),
    ).toBeInTheDocument();
    expect(bodies).toEqual([
      {
        odsCode: 'R69',
        businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
        onBehalfOfUserId: '555032006107',
      },
    ]);
  });

  it('sends a user with no acting context here when the BFF finds no default, with nothing chosen', async () => {
    actingAs(null);
    const bodies = recordPut();
    const { user, router } = renderApp('/worklists');
    await screen.findByRole('heading', { level: 1, name: 'Choose how you are working' }, SLOW);
    expect(router.state.location.pathname).toBe('/choose-context');
    const radios = within(screen.getByRole('group', { name: 'How are you working today?' }));
    for (const radio of radios.getAllByRole('radio')) expect(radio).not.toBeChecked();
    // The header keeps the CIS2 role, and says nothing of an acting context not yet chosen.
    const account = within(screen.getByRole('navigation', { name: 'Account' }));
    expect(account.getByText('Consultant')).toBeInTheDocument();
    expect(account.queryByText(/clinician/)).toBeNull();

    actingAs({ odsCode: 'R68', businessFunction: 'REFERRING_CLINICIAN' });
    await user.click(screen.getByLabelText('Referring clinician at organisation R68'));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { level: 1, name: 'Worklists' }, SLOW);
    expect(bodies).toEqual([{ odsCode: 'R68', businessFunction: 'REFERRING_CLINICIAN' }]);
    // Working at another organisation than the CIS2 role's: the header names it.
    expect(
      within(screen.getByRole('navigation', { name: 'Account' })).getByText(
        'Referring clinician at R68',
      ),
    ).toBeInTheDocument();
  });

  it('goes straight on when the BFF chooses the one pair the CIS2 role suggests', async () => {
    let asked = 0;
    server.use(
      http.get('/bff/user', () =>
        HttpResponse.json({
          ...signedInUser,
          user: { ...signedInUser.user, actingAs: asked > 0 ? signedInUser.user.actingAs : null },
        }),
      ),
      http.get('/api/acting-context', () => {
        asked += 1;
        return HttpResponse.json(actingContextChoices);
      }),
    );
    const { router } = renderApp('/referrals/find');
    await screen.findByRole('heading', { level: 1, name: 'Find a referral' }, SLOW);
    expect(router.state.location.pathname).toBe('/referrals/find');
    expect(asked).toBe(1);
    expect(
      within(screen.getByRole('navigation', { name: 'Account' })).getByText(
        'Service provider clinician',
      ),
    ).toBeInTheDocument();
  });

  it('says what to do when e-RS lists no role for the user anywhere', async () => {
    actingAs(null, { ...actingContextChoices, current: null, options: [] });
    renderApp('/worklists');
    await screen.findByRole('heading', { level: 1, name: 'You cannot use e-Referrals yet' }, SLOW);
    expect(
      screen.getByText(/lists no roles for you at any organisation, so you cannot use e-Referrals/),
    ).toBeInTheDocument();
    expect(screen.getByText(/Ask your local Registration Authority/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Continue' })).toBeNull();
  });

  it('lists the clinicians when switching to clinician admin, asking for that organisation', async () => {
    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.url.includes('/api/on-behalf-of')) asked.push(new URL(request.url).search);
    });
    const { user } = renderApp('/choose-context');
    await user.click(
      await screen.findByLabelText(
        'Service provider clinician admin at Royal Example Hospital (R69)',
      ),
    );
    expect(await screen.findByText('Which clinician are you working for?')).toBeInTheDocument();
    expect(asked).toContain('?odsCode=R69');
    server.events.removeAllListeners();
  });

  it('lists the other roles the user holds apart, with why each cannot be used here', async () => {
    server.use(userWithOtherRolesHandler);
    renderApp('/choose-context');
    const section = await screen.findByRole('region', { name: 'Other roles you hold' }, SLOW);
    const rows = within(within(section).getByRole('table')).getAllByRole('row');
    expect(
      rows.map((row) => Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent)),
    ).toEqual([
      ['Role', 'Organisation', 'Why you cannot use it here'],
      [
        'General Medical Practitioner',
        'The Green Surgery (D82106)',
        'Select this role when you sign in to use it',
      ],
      [
        'Admin/Clinical Support Access Role',
        'Royal Example Hospital (R69)',
        'This role does not include access to the e-Referral Service',
      ],
    ]);
    // Not among the choices, and nothing about them in the header.
    const group = screen.getByRole('group', { name: 'How are you working today?' });
    expect(within(group).queryByText(/General Medical Practitioner/)).toBeNull();
    expect(
      within(screen.getByRole('banner')).queryByText(/General Medical Practitioner/),
    ).toBeNull();
    expect(within(screen.getByRole('banner')).queryByText(/other roles/i)).toBeNull();
  });

  it('shows no other-roles section when the user holds none', async () => {
    renderApp('/choose-context');
    await screen.findByRole('heading', { level: 1, name: 'Choose how you are working' }, SLOW);
    expect(screen.queryByRole('heading', { name: 'Other roles you hold' })).toBeNull();
  });
});
