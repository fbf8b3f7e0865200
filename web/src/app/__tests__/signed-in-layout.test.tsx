import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { assignLocation } from '@/lib/browser-location';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';

vi.mock('@/lib/browser-location', () => ({ assignLocation: vi.fn() }));

describe('signed-in layout', () => {
  beforeEach(() => {
    vi.mocked(assignLocation).mockClear();
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

  it('signs out with X-CSRF, clears the cache and follows redirectTo', async () => {
    const logoutRequests: Request[] = [];
    server.use(
      http.post('/bff/logout', ({ request }) => {
        logoutRequests.push(request.clone());
        return HttpResponse.json({ redirectTo: 'https://cis2.example/end-session?x=1' });
      }),
    );
    const { user, queryClient } = renderApp('/referrals/000000070000');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' });
    expect(queryClient.getQueryData(['referrals', 'detail', '000000070000'])).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    await waitFor(() => {
      expect(assignLocation).toHaveBeenCalledWith('https://cis2.example/end-session?x=1', {
        hideContent: true,
      });
    });
    expect(logoutRequests).toHaveLength(1);
    expect(logoutRequests[0]?.method).toBe('POST');
    expect(logoutRequests[0]?.headers.get('X-CSRF')).toBe('1');
    expect(queryClient.getQueryData(['referrals', 'detail', '000000070000'])).toBeUndefined();
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

  it('signs out even when the session had already ended', async () => {
    server.use(
      http.post('/bff/logout', () =>
        HttpResponse.json(
          { type: 'about:blank', title: 'x', status: 401, code: 'session_replaced', detail: 'x' },
          { status: 401, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    const { user } = renderApp('/referrals/find');
    await screen.findByRole('heading', { level: 1, name: 'Find a referral' });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => {
      expect(assignLocation).toHaveBeenCalledWith('/signed-out', { hideContent: true });
    });
    // The watcher leaves a sign-out's own answer to it: one navigation, not two.
    expect(assignLocation).toHaveBeenCalledTimes(1);
  });

  it('will not follow a non-http redirectTo', async () => {
    server.use(
      http.post('/bff/logout', () => HttpResponse.json({ redirectTo: 'javascript:alert(1)' })),
    );
    const { user } = renderApp('/referrals/find');
    await screen.findByRole('heading', { level: 1, name: 'Find a referral' });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => {
      expect(assignLocation).toHaveBeenCalledWith('/signed-out', { hideContent: true });
    });
  });
});
