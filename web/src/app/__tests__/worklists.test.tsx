import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { problem } from '@/testing/data';
import { worklistOf } from '@/testing/ers-fixtures';
import { SPECIALTIES, problemResponse, userActingAsHandler } from '@/testing/handlers';
import { renderApp } from '@/testing/render-app';

/** The first render loads the lazy route modules: give it longer than the 1 s default. */
const SLOW = { timeout: 5000 };
import { server } from '@/testing/server';

const ubrnColumn = () =>
  within(screen.getByRole('table'))
    .getAllByRole('row')
    .slice(1)
    // The cell's value, after the label its card shows at narrow widths.
    .map((row) => within(row).getAllByRole('cell')[1]?.lastElementChild?.textContent);

describe('worklists', () => {
  it('opens the first list of the business function, with counts beside each list', async () => {
    const { router } = renderApp('/worklists');
    await screen.findByRole('table', undefined, SLOW);
    expect(router.state.location.pathname).toBe('/worklists/REFERRALS_FOR_REVIEW');
    expect(screen.getByRole('heading', { level: 1, name: 'Worklists' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Worklists' });
    expect(within(nav).getByRole('link', { name: 'Referrals for review (5)' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(
      await within(nav).findByRole('link', { name: 'Appointment slot issues (1)' }, SLOW),
    ).toHaveAttribute('href', '/worklists/APPOINTMENT_SLOT_ISSUES');
    expect(within(nav).queryByRole('link', { name: /Awaiting booking/ })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Change how you are working' })).toBeInTheDocument();
  });

  it('shows each item with its UBRN linked and the NHS number on one line', async () => {
    renderApp('/worklists/APPOINTMENT_SLOT_ISSUES');
    const table = await screen.findByRole('table', undefined, SLOW);
    const link = within(table).getByRole('link', { name: '0000 0007 0003' });
    expect(screen.getByRole('link', { name: 'Find a referral' })).toBeInTheDocument();
    // The referral knows the list it was opened from, for its way back.
    expect(link).toHaveAttribute(
      'href',
      '/referrals/000000070003?from=%2Fworklists%2FAPPOINTMENT_SLOT_ISSUES',
    );
    const nhsNumber = within(table).getByText('991 200 3888');
    // On a line of its own that never wraps, in the patient's cell.
    expect(nhsNumber).toHaveClass('app-worklist__nhs-number');
    expect(link.closest('td')).toHaveClass('app-worklist__nowrap');
    expect(nhsNumber).toHaveAttribute('x-apple-data-detectors', 'false');
    expect(within(table).getByText('Urgent')).toBeInTheDocument();
    expect(within(table).getByText('Never reviewed')).toBeInTheDocument();
    // Provider lists name no referrer: no empty column for one.
    expect(
      screen.queryByRole('columnheader', { name: 'Referrer (SDS user ID)' }),
    ).not.toBeInTheDocument();
  });

  it('sorts by priority first, and by any sortable column both ways, with aria-sort, in the URL', async () => {
    const { user, router } = renderApp('/worklists/REFERRALS_FOR_REVIEW');
    await screen.findByRole('table', undefined, SLOW);
    const priority = screen.getByRole('columnheader', { name: 'Priority' });
    expect(priority).toHaveAttribute('aria-sort', 'ascending');
    // Two week wait, then urgent, then routine (UBRN order within one priority).
    expect(ubrnColumn()).toEqual([
      '0000 0007 0005',
      '0000 0007 0101',
      '0000 0007 0001',
      '0000 0007 0002',
      '0000 0007 0011',
    ]);

    await user.click(within(screen.getByRole('table')).getByRole('link', { name: 'UBRN' }));
    expect(router.state.location.search).toBe('?sort=ubrn&order=ascending');
    const ubrn = screen.getByRole('columnheader', { name: 'UBRN' });
    await waitFor(() => expect(ubrn).toHaveAttribute('aria-sort', 'ascending'));
    expect(priority).not.toHaveAttribute('aria-sort');
    expect(ubrnColumn()).toEqual([
      '0000 0007 0001',
      '0000 0007 0002',
      '0000 0007 0005',
      '0000 0007 0011',
      '0000 0007 0101',
    ]);

    await user.click(within(screen.getByRole('table')).getByRole('link', { name: 'UBRN' }));
    expect(router.state.location.search).toBe('?sort=ubrn&order=descending');
    await waitFor(() => expect(ubrn).toHaveAttribute('aria-sort', 'descending'));
    expect(ubrnColumn()[0]).toBe('0000 0007 0101');
    expect(screen.getByRole('table')).toHaveAccessibleName(/sorted by UBRN descending/);
  });

  it('opens in the order its URL names, and the sort form keeps the filters', async () => {
    const { user, router } = renderApp(
      '/worklists/REFERRALS_FOR_REVIEW?specialty=CARDIOLOGY&sort=ubrn&order=descending',
    );
    await screen.findByRole('table', undefined, SLOW);
    expect(screen.getByRole('columnheader', { name: 'UBRN' })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    expect(ubrnColumn()[0]).toBe('0000 0007 0101');
    const form = screen.getByRole('form', { name: 'Sort the worklist' });
    await user.selectOptions(within(form).getByLabelText('Sort by'), 'Date received, newest first');
    await user.click(within(form).getByRole('button', { name: 'Sort' }));
    expect(router.state.location.search).toBe(
      '?specialty=CARDIOLOGY&sort=received&order=descending',
    );
  });

  it('names specialties as A004 does', async () => {
    server.use(
      http.get('/api/reference-data/:codeSystem', () =>
        HttpResponse.json({
          ...SPECIALTIES,
          concepts: SPECIALTIES.concepts.map((concept) =>
            concept.code === 'CARDIOLOGY' ? { ...concept, display: 'Cardiology (A004)' } : concept,
          ),
        }),
      ),
    );
    renderApp('/worklists/APPOINTMENT_SLOT_ISSUES');
    const table = await screen.findByRole('table', undefined, SLOW);
    expect(
      await within(table).findByText('Cardiology (A004)', undefined, SLOW),
    ).toBeInTheDocument();
  });

  it('shows a service provider admin the UBRNs as text: A005 is not open to her role', async () => {
    server.use(userActingAsHandler({ odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_ADMIN' }));
    renderApp('/worklists/REFERRALS_FOR_REVIEW');
    const table = await screen.findByRole('table', undefined, SLOW);
    expect(within(table).getByText('0000 0007 0001')).toBeInTheDocument();
    expect(within(table).queryByRole('link', { name: /^0000 / })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Find a referral' })).not.toBeInTheDocument();
  });

  it('says when a list is empty', async () => {
    server.use(
      http.get('/api/worklists/:listType', () =>
        HttpResponse.json(worklistOf('REFERRALS_FOR_REVIEW', [])),
      ),
    );
    renderApp('/worklists/REFERRALS_FOR_REVIEW');
    expect(
      await screen.findByText('There are no referrals in referrals for review.', undefined, SLOW),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the referrer lists to a referring clinician', async () => {
    server.use(userActingAsHandler({ odsCode: 'R69', businessFunction: 'REFERRING_CLINICIAN' }));
    const { router } = renderApp('/worklists');
    await screen.findByRole('table', undefined, SLOW);
    expect(router.state.location.pathname).toBe('/worklists/REJECTED_TRIAGE_RESPONSE');
    const nav = screen.getByRole('navigation', { name: 'Worklists' });
    expect(within(nav).getAllByRole('link')).toHaveLength(4);
    // Referrer lists show the state and its reason.
    expect(screen.getByText('Inappropriate service')).toBeInTheDocument();
    // ...and who made the referral, by the SDS user id e-RS gives.
    expect(
      screen.getByRole('columnheader', { name: 'Referrer (SDS user ID)' }),
    ).toBeInTheDocument();
    expect(within(screen.getByRole('table')).getAllByText('021600556514')).not.toHaveLength(0);
  });

  it('refuses a list the business function does not see', async () => {
    renderApp('/worklists/AWAITING_BOOKING');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Worklist not found' }, SLOW),
    ).toBeInTheDocument();
  });

  it('says there are no worklists to a business function without any', async () => {
    server.use(userActingAsHandler({ odsCode: 'R69', businessFunction: 'COMMISSIONER' }));
    renderApp('/worklists');
    expect(
      await screen.findByText(
        'There are no worklists in the role you are working in.',
        undefined,
        SLOW,
      ),
    ).toBeInTheDocument();
  });

  it('shows a problem with its ids and "Try again" when e-RS is busy', async () => {
    server.use(
      http.get('/api/worklists/:listType', () =>
        problemResponse(
          problem({
            status: 503,
            code: 'service_busy',
            detail: 'The e-Referral Service is busy. Try again shortly.',
            correlationId: 'corr-busy',
            retryAfterSeconds: 120,
          }),
        ),
      ),
    );
    renderApp('/worklists/REFERRALS_FOR_REVIEW');
    await screen.findByRole('heading', { level: 1, name: 'The e-Referral Service is busy' }, SLOW);
    expect(screen.getByText('Try again in 2 minutes.')).toBeInTheDocument();
    expect(screen.getByText('Correlation ID: corr-busy')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('reads the BFF’s own session store failing as the service unavailable, worth trying again', async () => {
    server.use(
      http.get('/api/worklists/:listType', () =>
        problemResponse(
          problem({
            status: 503,
            code: 'service_unavailable',
            detail:
              'The service cannot reach its session store at the moment. Try again in a minute.',
            correlationId: 'corr-store',
          }),
        ),
      ),
    );
    renderApp('/worklists/REFERRALS_FOR_REVIEW');
    await screen.findByRole('heading', { level: 1, name: 'The service is not available' }, SLOW);
    expect(screen.getByText('Correlation ID: corr-store')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('reads a filter e-RS cannot apply as a worklist problem, one click from the whole list', async () => {
    server.use(
      http.get('/api/worklists/:listType', ({ request }) =>
        new URL(request.url).search
          ? problemResponse(
              problem({
                status: 422,
                code: 'worklist_unprocessable',
                detail:
                  'e-RS does not know the service, location or clinician in these filters. Check the filters, or clear them to see the whole list.',
                ersCode: 'REFERENCE_NOT_FOUND',
              }),
            )
          : HttpResponse.json(worklistOf('REFERRALS_FOR_REVIEW')),
      ),
    );
    const { user, router } = renderApp('/worklists/REFERRALS_FOR_REVIEW?service=99999');
    await screen.findByRole(
      'heading',
      { level: 1, name: 'The e-Referral Service could not show this worklist' },
      SLOW,
    );
    expect(screen.getByText(/does not know the service/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Clear the filters' }));
    await screen.findByRole('table', undefined, SLOW);
    expect(router.state.location.search).toBe('');
  });

  it('opens a referral from the list', async () => {
    const { user, router } = renderApp('/worklists/APPOINTMENT_SLOT_ISSUES');
    await user.click(await screen.findByRole('link', { name: '0000 0007 0003' }, SLOW));
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0003' }, SLOW);
    expect(router.state.location.pathname).toBe('/referrals/000000070003');
  });
});
