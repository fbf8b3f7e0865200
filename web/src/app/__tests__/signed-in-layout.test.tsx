import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiPaths } from '@ers/shared/bff-contract';
import { assignLocation, postNavigation } from '@/lib/browser-location';
import {
  choicesFor,
  statefulUserHandler,
  userActingAsHandler,
  userWithOtherRolesHandler,
} from '@/testing/handlers';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';

vi.mock('@/lib/browser-location', () => ({ assignLocation: vi.fn(), postNavigation: vi.fn() }));

describe('signed-in layout', () => {
  beforeEach(() => {
    vi.mocked(assignLocation).mockClear();
    vi.mocked(postNavigation).mockClear();
  });

  it('shows who is signed in, in which role and organisation, and the confidentiality line', async () => {
    renderApp('/referrals/find');
    await screen.findByRole('heading', { level: 1, name: 'Find a referral' });

    const account = within(screen.getByRole('navigation', { name: 'Account' }));
    expect(account.getByText('Dr Alex Example')).toBeInTheDocument();
    expect(account.getByText('Consultant')).toBeInTheDocument();
    expect(account.getByText('Royal Example Hospital (R69)')).toBeInTheDocument();
    expect(account.getByText('Service provider clinician')).toBeInTheDocument();

    expect(
      screen.getByText(
        'CONFIDENTIAL: personal information about patients accessed by Dr Alex Example - Consultant - Royal Example Hospital (R69)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('banner')).toHaveClass('nhsuk-header');
  });

  it("names the acting organisation in the confidentiality line when it is not the CIS2 role's", async () => {
    server.use(userActingAsHandler({ odsCode: 'RCD', businessFunction: 'REFERRING_CLINICIAN' }));
    renderApp('/referrals/find');
    await screen.findByRole('heading', { level: 1, name: 'Find a referral' });

    expect(
      screen.getByText(
        'CONFIDENTIAL: personal information about patients accessed by Dr Alex Example - Consultant - Royal Example Hospital (R69), working as Referring clinician at RCD',
      ),
    ).toBeInTheDocument();
  });

  it('signs out by a form POST to /bff/logout, after clearing the cache, with no fetch', async () => {
    const fetched: Request[] = [];
    server.use(
      http.post('/bff/logout', ({ request }) => {
        fetched.push(request);
        return HttpResponse.json({ redirectTo: '/signed-out' });
      }),
    );
    const { user, queryClient } = renderApp('/referrals/000000070000');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' });
    expect(queryClient.getQueryData(['referrals', 'detail', '000000070000'])).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    // A navigation, so that the BFF can answer with the page that ends the CIS2 session.
    expect(postNavigation).toHaveBeenCalledWith('/bff/logout', { hideContent: true });
    expect(postNavigation).toHaveBeenCalledTimes(1);
    expect(queryClient.getQueryData(['referrals', 'detail', '000000070000'])).toBeUndefined();
    expect(fetched).toHaveLength(0);
    expect(assignLocation).not.toHaveBeenCalled();
  });

  it('offers "Change role" to a user holding several CIS2 roles, with no way back to this page', async () => {
    server.use(userWithOtherRolesHandler);
    renderApp('/referrals/000000070000');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' });
    const account = within(screen.getByRole('navigation', { name: 'Account' }));
    // This page belongs to the old role: the BFF ends the sign-in on the start page.
    expect(account.getByRole('link', { name: 'Change role' })).toHaveAttribute(
      'href',
      '/bff/login?changeRole=true',
    );
    // Beside "Sign out", in the same list.
    const items = account.getAllByRole('listitem');
    expect(items.at(-2)).toHaveTextContent('Change role');
    expect(items.at(-1)).toHaveTextContent('Sign out');
  });

  it('does not offer "Change role" to a user with one CIS2 role', async () => {
    renderApp('/referrals/find');
    await screen.findByRole('heading', { level: 1, name: 'Find a referral' });
    const account = within(screen.getByRole('navigation', { name: 'Account' }));
    expect(account.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
    expect(account.queryByRole('link', { name: 'Change role' })).not.toBeInTheDocument();
  });

  it('offers the places the role has in the header, the current one marked', async () => {
    const { user } = renderApp('/referrals/find');
    await screen.findByRole('heading', { level: 1, name: 'Find a referral' });
    const menu = within(screen.getByRole('navigation', { name: 'Menu' }));
    expect(menu.getAllByRole('link').map((link) => link.textContent)).toEqual([
      'Worklists',
      'Advice and Guidance',
      'Find a referral',
    ]);
    expect(menu.getByRole('link', { name: 'Find a referral' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(menu.getByRole('link', { name: 'Worklists' })).not.toHaveAttribute('aria-current');

    await user.click(menu.getByRole('link', { name: 'Worklists' }));
    await screen.findByRole('heading', { level: 1, name: 'Worklists' }, { timeout: 5000 });
    expect(menu.getByRole('link', { name: 'Worklists' })).toHaveAttribute('aria-current', 'page');
    expect(menu.getByRole('link', { name: 'Find a referral' })).not.toHaveAttribute('aria-current');
  });

  it('offers no worklists before the user has chosen how they are working', async () => {
    server.use(
      statefulUserHandler({ actingAs: null }),
      http.get(apiPaths.actingContext, () => HttpResponse.json(choicesFor(null))),
    );
    renderApp('/choose-context');
    await screen.findByRole('heading', { level: 1, name: 'Choose how you are working' });
    const menu = within(screen.getByRole('navigation', { name: 'Menu' }));
    expect(menu.getAllByRole('link').map((link) => link.textContent)).toEqual(['Find a referral']);
  });

  it.each([
    [{ userId: '555032006107', name: 'Dr Sam Example' }, 'Acting for Dr Sam Example'],
    // e-RS A040 gives only the user ID: say in words what it is.
    [
      { userId: '555032006106', name: null },
      'Acting for the clinician with NHS user ID 5550 3200 6106',
    ],
  ])('says in the header whom an SPC admin acts for (%o)', async (onBehalfOf, text) => {
    server.use(
      statefulUserHandler({
        actingAs: {
          odsCode: 'R69',
          businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
          onBehalfOf,
        },
      }),
    );
    renderApp('/referrals/find');
    await screen.findByRole('heading', { level: 1, name: 'Find a referral' });
    const account = within(screen.getByRole('navigation', { name: 'Account' }));
    expect(account.getByText(text)).toBeInTheDocument();
  });

  it('tells the other tabs when it signs out', async () => {
    const messages: unknown[] = [];
    const otherTab = new BroadcastChannel('ers-session');
    otherTab.addEventListener('message', (event) => messages.push(event.data));
    try {
      const { user } = renderApp('/referrals/find');
      await screen.findByRole('heading', { level: 1, name: 'Find a referral' });
      await user.click(screen.getByRole('button', { name: 'Sign out' }));
      await waitFor(() => {
        expect(messages).toEqual([expect.objectContaining({ type: 'signed-out' })]);
      });
    } finally {
      otherTab.close();
    }
  });
});
