import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BffUserResponse } from '@ers/shared/bff-contract';
import { assignLocation } from '@/lib/browser-location';
import { signedInUser } from '@/testing/data';
import { notSignedIn, sessionEnded } from '@/testing/handlers';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';

vi.mock('@/lib/browser-location', () => ({ assignLocation: vi.fn(), reloadPage: vi.fn() }));

// signedInUser's session: idle deadline 10:30, absolute deadline 18:00 (UTC).
const START = new Date('2030-01-01T10:00:00.000Z');

function withTimes(session: Partial<BffUserResponse['session']>): BffUserResponse {
  return { ...signedInUser, session: { ...signedInUser.session, ...session } };
}

/** Records every /bff/user request; polls (`slide=false`) answer with `poll()`. */
function watchUserRequests(poll: () => Response = () => HttpResponse.json(signedInUser)) {
  const requests: URL[] = [];
  server.use(
    http.get('/bff/user', ({ request }) => {
      const url = new URL(request.url);
      requests.push(url);
      return url.searchParams.get('slide') === 'false' ? poll() : HttpResponse.json(signedInUser);
    }),
  );
  return {
    polls: () => requests.filter((url) => url.searchParams.get('slide') === 'false').length,
  };
}

function watchLogout() {
  const requests: Request[] = [];
  server.use(
    http.post('/bff/logout', ({ request }) => {
      requests.push(request);
      return HttpResponse.json({ redirectTo: '/signed-out' });
    }),
  );
  return requests;
}

async function openFindPage() {
  const view = renderApp('/referrals/find');
  await screen.findByRole('heading', { level: 1, name: 'Find a referral' });
  // The page is on screen; let React run its effects (which start the watcher) before going on.
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 10));
  });
  return view;
}

/** Moves the clock to `iso` and lets the one-second timer run. */
async function jumpTo(iso: string) {
  vi.setSystemTime(new Date(iso));
  await act(async () => {
    await vi.advanceTimersByTimeAsync(1_000);
  });
}

function expectLeftFor(url: string) {
  return waitFor(() => {
    expect(assignLocation).toHaveBeenCalledWith(url, { hideContent: true });
  });
}

beforeEach(() => {
  vi.mocked(assignLocation).mockClear();
  vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(START);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('session watcher: deadlines', () => {
  it('at the idle deadline signs out, forgets the cache and explains why', async () => {
    watchUserRequests();
    const logouts = watchLogout();
    const { queryClient } = await openFindPage();

    await jumpTo('2030-01-01T10:29:58.000Z');
    expect(logouts).toHaveLength(0);

    await jumpTo('2030-01-01T10:30:00.000Z');
    await expectLeftFor('/session-ended?reason=idle&returnTo=%2Freferrals%2Ffind');
    expect(logouts).toHaveLength(1);
    expect(logouts[0]?.headers.get('X-CSRF')).toBe('1');
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
  });

  it('at the absolute limit says the session reached its time limit', async () => {
    const times = { idleExpiresAt: '2030-01-01T10:30:00.000Z', expiresAt: '2030-01-01T10:05:00Z' };
    server.use(http.get('/bff/user', () => HttpResponse.json(withTimes(times))));
    watchLogout();
    await openFindPage();

    await jumpTo('2030-01-01T10:05:00.000Z');
    await expectLeftFor('/session-ended?reason=absolute&returnTo=%2Freferrals%2Ffind');
  });

  it('asks the BFF before ending: activity elsewhere may have moved the deadline', async () => {
    const user = watchUserRequests(() =>
      HttpResponse.json(withTimes({ idleExpiresAt: '2030-01-01T10:45:00.000Z' })),
    );
    const logouts = watchLogout();
    await openFindPage();

    await jumpTo('2030-01-01T10:30:00.000Z');
    await waitFor(() => {
      expect(user.polls()).toBe(1);
    });
    await jumpTo('2030-01-01T10:31:00.000Z');
    expect(logouts).toHaveLength(0);
    expect(assignLocation).not.toHaveBeenCalled();

    await jumpTo('2030-01-01T10:45:00.000Z');
    await expectLeftFor('/session-ended?reason=idle&returnTo=%2Freferrals%2Ffind');
  });

  it('ends the session at the deadline even when the BFF cannot be reached', async () => {
    watchUserRequests(() => HttpResponse.error());
    server.use(http.post('/bff/logout', () => HttpResponse.error()));
    await openFindPage();

    await jumpTo('2030-01-01T10:30:00.000Z');
    await expectLeftFor('/session-ended?reason=idle&returnTo=%2Freferrals%2Ffind');
  });

  it('tells the other tabs why the session ended', async () => {
    const messages: unknown[] = [];
    const otherTab = new BroadcastChannel('ers-session');
    otherTab.addEventListener('message', (event) => messages.push(event.data));
    try {
      watchUserRequests();
      watchLogout();
      await openFindPage();
      await jumpTo('2030-01-01T10:30:00.000Z');
      await waitFor(() => {
        expect(messages).toEqual([
          expect.objectContaining({ type: 'session-ended', reason: 'idle' }),
        ]);
      });
    } finally {
      otherTab.close();
    }
  });
});

describe('session watcher: polling', () => {
  it('asks /bff/user?slide=false every minute, which does not count as activity', async () => {
    const user = watchUserRequests();
    await openFindPage();
    expect(user.polls()).toBe(0);

    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000);
    });
    await waitFor(() => {
      expect(user.polls()).toBe(1);
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000);
    });
    await waitFor(() => {
      expect(user.polls()).toBe(2);
    });
    expect(assignLocation).not.toHaveBeenCalled();
  });

  it('asks again when the window regains focus', async () => {
    const user = watchUserRequests();
    await openFindPage();
    fireEvent.focus(window);
    await waitFor(() => {
      expect(user.polls()).toBe(1);
    });
  });

  it.each([
    ['session_replaced', 'replaced'],
    ['signed_out_elsewhere', 'signed_out_elsewhere'],
    ['service_restarted', 'restarted'],
  ] as const)('on 401 %s shows that the session ended (%s)', async (code, reason) => {
    watchUserRequests(sessionEnded(code));
    const logouts = watchLogout();
    const { queryClient } = await openFindPage();

    fireEvent.focus(window);
    await expectLeftFor(`/session-ended?reason=${reason}&returnTo=%2Freferrals%2Ffind`);
    expect(logouts).toHaveLength(0);
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
  });

  it('on 401 not_signed_in sends the user to sign in, remembering the page', async () => {
    watchUserRequests(notSignedIn);
    await openFindPage();
    fireEvent.focus(window);
    await expectLeftFor('/?returnTo=%2Freferrals%2Ffind');
  });

  it('keeps the page when the BFF cannot be reached before the deadline', async () => {
    const user = watchUserRequests(() => HttpResponse.error());
    await openFindPage();
    fireEvent.focus(window);
    await waitFor(() => {
      expect(user.polls()).toBe(1);
    });
    expect(assignLocation).not.toHaveBeenCalled();
    expect(screen.getByRole('heading', { level: 1, name: 'Find a referral' })).toBeVisible();
  });
});

describe('session watcher: any BFF call', () => {
  it('a referral lookup answered 401 session_replaced shows the session-ended page', async () => {
    server.use(http.get('/api/referrals/:ubrn', sessionEnded('session_replaced')));
    const { router, user, queryClient } = await openFindPage();

    await user.type(screen.getByLabelText('UBRN'), '000000070000');
    await user.click(screen.getByRole('button', { name: 'Find referral' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'You signed in somewhere else' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/session-ended');
    expect(router.state.location.search).toBe(
      '?reason=replaced&returnTo=%2Freferrals%2F000000070000',
    );
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
  });

  it('a refetch on the page answered 401 session_replaced ends the session', async () => {
    const { queryClient } = renderApp('/referrals/000000070000');
    await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' });
    expect(screen.getByText('991 200 3888')).toBeInTheDocument();
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
    server.use(http.get('/api/referrals/:ubrn', sessionEnded('session_replaced')));

    await act(async () => {
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
    });
    await expectLeftFor('/session-ended?reason=replaced&returnTo=%2Freferrals%2F000000070000');
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
    // The referral is gone from the page at once, before the next page loads.
    expect(screen.queryByText('991 200 3888')).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Referral 0000 0007 0000' })).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Signing out…');
  });

  it('a first load answered 401 signed_out_elsewhere shows the session-ended page', async () => {
    server.use(http.get('/bff/user', sessionEnded('signed_out_elsewhere')));
    const { router } = renderApp('/referrals/000000070000');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'You have been signed out' }),
    ).toBeInTheDocument();
    expect(router.state.location.search).toBe(
      '?reason=signed_out_elsewhere&returnTo=%2Freferrals%2F000000070000',
    );
  });

  it('a first load answered 401 service_restarted says the service restarted', async () => {
    server.use(http.get('/bff/user', sessionEnded('service_restarted')));
    const { router } = renderApp('/referrals/000000070000');
    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'Your session ended because the service restarted',
      }),
    ).toBeInTheDocument();
    expect(router.state.location.search).toBe(
      '?reason=restarted&returnTo=%2Freferrals%2F000000070000',
    );
  });
});

describe('session watcher: other tabs', () => {
  function fromOtherTab(message: unknown) {
    const otherTab = new BroadcastChannel('ers-session');
    otherTab.postMessage(message);
    otherTab.close();
  }

  it('follows a sign-out in another tab at once', async () => {
    watchUserRequests();
    const { queryClient } = await openFindPage();
    fromOtherTab({ type: 'signed-out' });
    await expectLeftFor('/signed-out');
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
  });

  it('follows a session that ended in another tab', async () => {
    watchUserRequests();
    await openFindPage();
    fromOtherTab({ type: 'session-ended', reason: 'idle' });
    await expectLeftFor('/session-ended?reason=idle&returnTo=%2Freferrals%2Ffind');
  });

  it('ignores messages it does not understand', async () => {
    watchUserRequests();
    await openFindPage();
    fromOtherTab({ type: 'session-ended', reason: 'whatever' });
    fromOtherTab('signed-out');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2_000);
    });
    expect(assignLocation).not.toHaveBeenCalled();
  });
});
