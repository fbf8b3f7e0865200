import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BffUserResponse } from '@ers/shared/bff-contract';
import { formatClockTime } from '@/features/auth/session/session-deadline';
import { assignLocation, postNavigation } from '@/lib/browser-location';
import { signedInUser } from '@/testing/data';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';

vi.mock('@/lib/browser-location', () => ({
  assignLocation: vi.fn(),
  postNavigation: vi.fn(),
  reloadPage: vi.fn(),
}));

// signedInUser's session: idle deadline 10:30, absolute deadline 18:00 (UTC).
const START = new Date('2030-01-01T10:00:00.000Z');
const IDLE_WARNING = 'You’re about to be signed out';
const ABSOLUTE_WARNING = 'Your session will end soon';

function withTimes(session: Partial<BffUserResponse['session']>): BffUserResponse {
  return { ...signedInUser, session: { ...signedInUser.session, ...session } };
}

/**
 * The BFF: /bff/user answers with the session as it is; `afterStaySignedIn` is what activity
 * (a /bff/user without `slide=false`) moves it to, once the test says the user is on the page.
 */
function bff(session: Partial<BffUserResponse['session']> = {}) {
  let current = session;
  let slideTo: Partial<BffUserResponse['session']> | null = null;
  const requests: URL[] = [];
  const logouts: Request[] = [];
  server.use(
    http.get('/bff/user', ({ request }) => {
      const url = new URL(request.url);
      requests.push(url);
      if (!url.searchParams.has('slide') && slideTo) current = slideTo;
      return HttpResponse.json(withTimes(current));
    }),
    http.post('/bff/logout', ({ request }) => {
      logouts.push(request);
      return HttpResponse.json({ redirectTo: '/signed-out' });
    }),
  );
  return {
    logouts,
    /** From now on, activity moves the session's times to `times`. */
    afterActivity(times: Partial<BffUserResponse['session']>) {
      slideTo = times;
    },
    /** /bff/user requests that count as activity (no `slide=false`). */
    slides: () => requests.filter((url) => !url.searchParams.has('slide')).length,
  };
}

async function openFindPage() {
  const view = renderApp('/referrals/find');
  await screen.findByRole('heading', { level: 1, name: 'Find a referral' });
  // Let React run its effects (which start the watcher) before the clock moves.
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 10));
  });
  return view;
}

/**
 * Moves the clock so that the watcher's one-second tick runs at `iso` (and half a second, so
 * the countdown, in whole seconds rounded up, does not depend on a few milliseconds either way).
 */
async function jumpTo(iso: string) {
  await act(async () => {
    // Just after a tick: the next one is a second away.
    await vi.advanceTimersToNextTimerAsync();
  });
  vi.setSystemTime(Date.parse(iso) - 500);
  await act(async () => {
    await vi.advanceTimersByTimeAsync(1_000);
  });
}

/** The next `seconds` ticks, one second at a time. */
async function tick(seconds = 1) {
  for (let i = 0; i < seconds; i += 1) {
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_000);
    });
  }
}

const warningDialog = (name: string) => screen.getByRole('dialog', { name });

beforeEach(() => {
  vi.mocked(assignLocation).mockClear();
  vi.mocked(postNavigation).mockClear();
  vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(START);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('session timeout warning: idle', () => {
  it('appears 2 minutes before the idle deadline, as a dialog with the time left', async () => {
    bff();
    await openFindPage();

    await jumpTo('2030-01-01T10:27:59.000Z');
    // 2 minutes 1 second left: not yet.
    expect(screen.queryByRole('dialog')).toBeNull();

    await tick();
    const dialog = warningDialog(IDLE_WARNING);
    expect(dialog).toHaveAccessibleDescription(
      'For your security, we will sign you out in 2 minutes. You have not used e-Referrals for a while. If you are still using it, select Stay signed in.',
    );
    expect(dialog).toHaveAttribute('open');
    expect(within(dialog).getByRole('heading', { level: 2, name: IDLE_WARNING })).toBeVisible();
    expect(within(dialog).getByRole('button', { name: 'Stay signed in' })).toHaveFocus();
    expect(within(dialog).getByRole('button', { name: 'Sign out' })).toBeVisible();
    // The page stays as it was behind the dialog.
    expect(screen.getByRole('heading', { level: 1, name: 'Find a referral' })).toBeInTheDocument();
  });

  it('counts down every second but announces only every 30 seconds and at 10 seconds', async () => {
    bff();
    await openFindPage();
    await jumpTo('2030-01-01T10:28:00.000Z');
    const dialog = warningDialog(IDLE_WARNING);
    const status = within(dialog).getByRole('status');
    // Opening is announced by the dialog itself (focus moves into it), not the live region.
    expect(status).toHaveTextContent('');

    await tick();
    expect(dialog).toHaveTextContent('we will sign you out in 1 minute 59 seconds.');
    expect(status).toHaveTextContent('');

    await tick(28);
    expect(dialog).toHaveTextContent('we will sign you out in 1 minute 31 seconds.');
    expect(status).toHaveTextContent('');

    await tick();
    expect(dialog).toHaveTextContent('we will sign you out in 1 minute 30 seconds.');
    expect(status).toHaveTextContent('You will be signed out in 1 minute 30 seconds.');

    await tick();
    expect(dialog).toHaveTextContent('we will sign you out in 1 minute 29 seconds.');
    // Unchanged: nothing new is announced.
    expect(status).toHaveTextContent('You will be signed out in 1 minute 30 seconds.');

    await jumpTo('2030-01-01T10:29:50.000Z');
    expect(dialog).toHaveTextContent('we will sign you out in 10 seconds.');
    expect(status).toHaveTextContent('You will be signed out in 10 seconds.');
  });

  it('Stay signed in makes a sliding /bff/user call, closes and gives focus back', async () => {
    const calls = bff();
    const { user } = await openFindPage();
    calls.afterActivity({ idleExpiresAt: '2030-01-01T10:43:00.000Z' });
    const field = screen.getByLabelText('UBRN');
    field.focus();

    await jumpTo('2030-01-01T10:28:00.000Z');
    const slidesBefore = calls.slides();
    await user.click(
      within(warningDialog(IDLE_WARNING)).getByRole('button', { name: 'Stay signed in' }),
    );

    await waitFor(() => {
      expect(screen.queryByRole('dialog')).toBeNull();
    });
    expect(calls.slides()).toBe(slidesBefore + 1);
    expect(field).toHaveFocus();

    // The new deadline holds: no warning a minute later, nor a sign-out at the old deadline.
    await jumpTo('2030-01-01T10:30:30.000Z');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(assignLocation).not.toHaveBeenCalled();
    // It comes back 2 minutes before the new deadline.
    await jumpTo('2030-01-01T10:41:00.000Z');
    expect(warningDialog(IDLE_WARNING)).toBeVisible();
  });

  it('Escape means Stay signed in', async () => {
    const calls = bff();
    const { user } = await openFindPage();
    calls.afterActivity({ idleExpiresAt: '2030-01-01T10:43:00.000Z' });
    await jumpTo('2030-01-01T10:28:00.000Z');
    const slidesBefore = calls.slides();

    await user.keyboard('{Escape}');

    await waitFor(() => {
      expect(screen.queryByRole('dialog')).toBeNull();
    });
    expect(calls.slides()).toBe(slidesBefore + 1);
    expect(assignLocation).not.toHaveBeenCalled();
  });

  it('keeps the dialog, saying so, when staying signed in fails', async () => {
    bff();
    const { user } = await openFindPage();
    server.use(
      http.get('/bff/user', ({ request }) =>
        new URL(request.url).searchParams.has('slide')
          ? HttpResponse.json(signedInUser)
          : HttpResponse.error(),
      ),
    );
    await jumpTo('2030-01-01T10:28:00.000Z');

    await user.click(screen.getByRole('button', { name: 'Stay signed in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Error: Sorry, we could not keep you signed in. Try again.',
    );
    expect(warningDialog(IDLE_WARNING)).toBeVisible();
  });

  it('Sign out signs out as the header button does', async () => {
    const { logouts } = bff();
    const { user, queryClient } = await openFindPage();
    await jumpTo('2030-01-01T10:28:00.000Z');

    await user.click(within(warningDialog(IDLE_WARNING)).getByRole('button', { name: 'Sign out' }));

    expect(postNavigation).toHaveBeenCalledWith('/bff/logout', { hideContent: true });
    expect(logouts).toHaveLength(0);
    expect(assignLocation).not.toHaveBeenCalled();
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
  });

  it('keeps keyboard focus inside the dialog', async () => {
    bff();
    const { user } = await openFindPage();
    await jumpTo('2030-01-01T10:28:00.000Z');
    const dialog = warningDialog(IDLE_WARNING);
    const stay = within(dialog).getByRole('button', { name: 'Stay signed in' });
    const signOut = within(dialog).getByRole('button', { name: 'Sign out' });
    expect(stay).toHaveFocus();

    await user.tab();
    expect(signOut).toHaveFocus();
    await user.tab();
    expect(stay).toHaveFocus();
    await user.tab({ shift: true });
    expect(signOut).toHaveFocus();
    await user.tab({ shift: true });
    expect(stay).toHaveFocus();
  });

  it('is gone once the session has ended', async () => {
    bff();
    await openFindPage();
    await jumpTo('2030-01-01T10:28:00.000Z');
    expect(warningDialog(IDLE_WARNING)).toBeVisible();

    await jumpTo('2030-01-01T10:30:00.000Z');
    await waitFor(() => {
      expect(assignLocation).toHaveBeenCalledWith(
        '/session-ended?reason=idle&returnTo=%2Freferrals%2Ffind',
        { hideContent: true },
      );
    });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('session timeout warning: the time limit', () => {
  // The idle deadline is later than the limit: the limit is what ends this session.
  const nearLimit = {
    idleExpiresAt: '2030-01-01T10:15:00.000Z',
    expiresAt: '2030-01-01T10:10:00.000Z',
  };

  it('warns 5 minutes before, says when the session ends and cannot extend it', async () => {
    bff(nearLimit);
    await openFindPage();
    await jumpTo('2030-01-01T10:04:59.000Z');
    expect(screen.queryByRole('dialog')).toBeNull();

    await tick();
    const dialog = warningDialog(ABSOLUTE_WARNING);
    const endsAt = formatClockTime(Date.parse(nearLimit.expiresAt));
    expect(dialog).toHaveTextContent(`Your session will end at ${endsAt}, in 5 minutes.`);
    expect(dialog).toHaveTextContent('It cannot be extended');
    expect(within(dialog).getByRole('button', { name: 'Continue' })).toHaveFocus();
    expect(within(dialog).getByRole('button', { name: 'Sign out now' })).toBeVisible();
    expect(within(dialog).queryByRole('button', { name: 'Stay signed in' })).toBeNull();
  });

  it('Continue closes it for good, without any request, and focus goes back', async () => {
    const calls = bff(nearLimit);
    const { user } = await openFindPage();
    const field = screen.getByLabelText('UBRN');
    field.focus();
    await jumpTo('2030-01-01T10:06:00.000Z');
    const slidesBefore = calls.slides();

    await user.click(
      within(warningDialog(ABSOLUTE_WARNING)).getByRole('button', { name: 'Continue' }),
    );

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(field).toHaveFocus();
    await jumpTo('2030-01-01T10:08:00.000Z');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.slides()).toBe(slidesBefore);

    // At the limit the session ends as before.
    await jumpTo('2030-01-01T10:10:00.000Z');
    await waitFor(() => {
      expect(assignLocation).toHaveBeenCalledWith(
        '/session-ended?reason=absolute&returnTo=%2Freferrals%2Ffind',
        { hideContent: true },
      );
    });
  });

  it('Escape means Continue', async () => {
    bff(nearLimit);
    const { user } = await openFindPage();
    await jumpTo('2030-01-01T10:06:00.000Z');
    expect(warningDialog(ABSOLUTE_WARNING)).toBeVisible();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('Sign out now signs out', async () => {
    const { logouts } = bff(nearLimit);
    const { user } = await openFindPage();
    await jumpTo('2030-01-01T10:06:00.000Z');

    await user.click(
      within(warningDialog(ABSOLUTE_WARNING)).getByRole('button', { name: 'Sign out now' }),
    );
    expect(postNavigation).toHaveBeenCalledWith('/bff/logout', { hideContent: true });
    expect(logouts).toHaveLength(0);
  });

  it('follows Stay signed in when the new idle deadline runs into the limit', async () => {
    // Sliding caps the idle deadline at the limit: the time-limit warning takes over.
    const calls = bff({
      idleExpiresAt: '2030-01-01T10:10:00.000Z',
      expiresAt: '2030-01-01T10:20:00.000Z',
    });
    const { user } = await openFindPage();
    calls.afterActivity({
      idleExpiresAt: '2030-01-01T10:20:00.000Z',
      expiresAt: '2030-01-01T10:20:00.000Z',
    });
    await jumpTo('2030-01-01T10:08:30.000Z');
    await user.click(screen.getByRole('button', { name: 'Stay signed in' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).toBeNull();
    });

    await jumpTo('2030-01-01T10:15:00.000Z');
    expect(warningDialog(ABSOLUTE_WARNING)).toHaveTextContent('in 5 minutes');
  });
});
