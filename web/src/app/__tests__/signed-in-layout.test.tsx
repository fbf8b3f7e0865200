import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { assignLocation, postNavigation } from '@/lib/browser-location';
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

  it('offers to change role, coming back to the same page', async () => {
    renderApp('/referrals/000000070000');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' });
    const account = within(screen.getByRole('navigation', { name: 'Account' }));
    expect(account.getByRole('link', { name: 'Change role' })).toHaveAttribute(
      'href',
      '/bff/login?changeRole=true&returnTo=%2Freferrals%2F000000070000',
    );
    // Beside "Sign out", in the same list.
    const items = account.getAllByRole('listitem');
    expect(items.at(-2)).toHaveTextContent('Change role');
    expect(items.at(-1)).toHaveTextContent('Sign out');
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
