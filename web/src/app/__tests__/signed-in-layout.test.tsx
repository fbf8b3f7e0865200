import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { assignLocation } from '@/lib/browser-location';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';

vi.mock('@/lib/browser-location', () => ({ assignLocation: vi.fn() }));

describe('signed-in layout', () => {
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
      expect(assignLocation).toHaveBeenCalledWith('https://cis2.example/end-session?x=1');
    });
    expect(logoutRequests).toHaveLength(1);
    expect(logoutRequests[0]?.method).toBe('POST');
    expect(logoutRequests[0]?.headers.get('X-CSRF')).toBe('1');
    expect(queryClient.getQueryData(['referrals', 'detail', '000000070000'])).toBeUndefined();
  });

  it('will not follow a non-http redirectTo', async () => {
    server.use(
      http.post('/bff/logout', () => HttpResponse.json({ redirectTo: 'javascript:alert(1)' })),
    );
    const { user } = renderApp('/referrals/find');
    await screen.findByRole('heading', { level: 1, name: 'Find a referral' });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => {
      expect(assignLocation).toHaveBeenCalledWith('/signed-out');
    });
  });
});
