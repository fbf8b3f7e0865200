import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { assignLocation } from '@/lib/browser-location';
import { problem } from '@/testing/data';
import { problemResponse } from '@/testing/handlers';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';

vi.mock('@/lib/browser-location', () => ({ assignLocation: vi.fn(), reloadPage: vi.fn() }));

const HEADING = 'You are already signed in somewhere else';
const PATH = `/session-conflict?returnTo=${encodeURIComponent('/referrals/000000070000')}`;

async function openConflictPage() {
  const view = renderApp(PATH);
  await screen.findByRole('heading', { level: 1, name: HEADING });
  return view;
}

beforeEach(() => {
  vi.mocked(assignLocation).mockClear();
});

describe('session conflict page', () => {
  it('explains the choice, with a way to start here and a way to cancel', async () => {
    await openConflictPage();
    expect(screen.getByText(/one place at a time/)).toBeInTheDocument();
    expect(screen.getByText(/you will be signed out there/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start a new session here' })).toHaveClass(
      'nhsuk-button',
    );
    expect(screen.getByRole('link', { name: 'Cancel' })).toHaveAttribute('href', '/signed-out');
    expect(document.title).toBe(`${HEADING} - e-Referrals`);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('takes over with POST and X-CSRF, then loads the page the BFF names', async () => {
    const requests: Request[] = [];
    server.use(
      http.post('/bff/session/takeover', ({ request }) => {
        requests.push(request);
        return HttpResponse.json({ redirectTo: '/referrals/000000070000' });
      }),
    );
    const { user } = await openConflictPage();
    await user.click(screen.getByRole('button', { name: 'Start a new session here' }));

    await waitFor(() => {
      expect(assignLocation).toHaveBeenCalledWith('/referrals/000000070000');
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.get('X-CSRF')).toBe('1');
  });

  it.each(['https://evil.example/referrals/find', 'javascript:alert(1)', '//evil.example/'])(
    'will not follow the redirectTo %s out of the app',
    async (redirectTo) => {
      server.use(http.post('/bff/session/takeover', () => HttpResponse.json({ redirectTo })));
      const { user } = await openConflictPage();
      await user.click(screen.getByRole('button', { name: 'Start a new session here' }));
      await waitFor(() => {
        expect(assignLocation).toHaveBeenCalledWith('/referrals/find');
      });
    },
  );

  it('offers to sign in again when the parked sign-in has expired (401)', async () => {
    server.use(
      http.post('/bff/session/takeover', () =>
        problemResponse(problem({ status: 401, code: 'not_signed_in' })),
      ),
    );
    const { user } = await openConflictPage();
    await user.click(screen.getByRole('button', { name: 'Start a new session here' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('There is a problem');
    expect(alert).toHaveTextContent('Your sign-in took too long to finish, so it has expired.');
    expect(screen.getByRole('link', { name: 'Sign in again' })).toHaveAttribute(
      'href',
      `/?returnTo=${encodeURIComponent('/referrals/000000070000')}`,
    );
    expect(screen.queryByRole('button', { name: 'Start a new session here' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Cancel' })).toBeInTheDocument();
    expect(document.activeElement).toHaveClass('nhsuk-error-summary');
    expect(assignLocation).not.toHaveBeenCalled();
  });

  it('lets the user try again when the BFF could not take over', async () => {
    server.use(
      http.post('/bff/session/takeover', () =>
        problemResponse(problem({ status: 503, code: 'upstream_unavailable' })),
      ),
    );
    const { user } = await openConflictPage();
    await user.click(screen.getByRole('button', { name: 'Start a new session here' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('could not start a new session');
    expect(screen.getByRole('button', { name: 'Start a new session here' })).toBeEnabled();
    expect(assignLocation).not.toHaveBeenCalled();
  });
});
