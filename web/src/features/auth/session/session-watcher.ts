/**
 * Watches the signed-in session from the browser, so a page never outlives its session:
 *
 * - every second (on `Date.now()`, so a test clock can drive it) it compares the time with the
 *   deadline the BFF gave; once it has passed it asks the BFF again (without counting as
 *   activity: another tab or an API call may have moved it) and, if it still has, signs out and
 *   shows why;
 * - every minute, and when the window regains focus, it asks `/bff/user?slide=false` for the
 *   current deadlines;
 * - any BFF answer saying the session was replaced or ended at CIS2 ends it here too;
 * - it follows the other tabs: signing out (or a session ending) in one ends them all.
 *
 * Leaving always drops the query cache (the only place patient data lives) and loads the next
 * page in full, so nothing from the signed-in pages stays in memory.
 *
 * The warnings before the deadlines ("you will be signed out in 2 minutes") are worked out on
 * `onTick`, from the same `deadline` (see use-session-watcher.ts and session-timeout-warning.tsx).
 */
import type { QueryClient } from '@tanstack/react-query';
import type { SessionEndReason } from '@ers/shared/bff-contract';
import { isApiError } from '@/lib/api-client';
import { assignLocation } from '@/lib/browser-location';
import { signInPagePath } from '@/lib/return-to';
import { getUser } from '../api/get-user';
import { HANDLES_SESSION_END, logout } from '../api/logout';
import { postSessionMessage, subscribeSessionMessages } from './session-channel';
import { expiredReason, sessionDeadline, type SessionDeadline } from './session-deadline';
import { sessionEndedPath } from './session-ended-path';

export const TICK_MS = 1_000;
export const POLL_MS = 60_000;

export type SessionWatcherOptions = {
  queryClient: QueryClient;
  /** The page to come back to after signing in again. */
  returnTo: () => string;
  /** The current deadline: seeded from `/bff/user`, updated by the watcher's polls. */
  deadline: { current: SessionDeadline | null };
  /** Called once the session is over here, before leaving: stop showing signed-in content. */
  onEnd?: () => void;
  /** Called every tick with the current time: the expiry warning works out what to show. */
  onTick?: (now: number) => void;
};

type PollResult = { ok: true } | { ok: false; error: unknown };

/** Starts watching; returns the function that stops (timers, listeners, a poll in flight). */
export function startSessionWatcher({
  queryClient,
  returnTo,
  deadline,
  onEnd,
  onTick,
}: SessionWatcherOptions): () => void {
  const abort = new AbortController();
  let ended = false;
  let inFlight: Promise<PollResult> | null = null;

  /** Stops everything and tells the page (once) that the session is over. */
  function finish(): void {
    if (!ended) onEnd?.();
    ended = true;
    stop();
  }

  /** Leaves the signed-in pages for `url`, forgetting every cached response first. */
  function leave(url: string): void {
    finish();
    queryClient.clear();
    assignLocation(url, { hideContent: true });
  }

  async function endSession(reason: SessionEndReason): Promise<void> {
    if (ended) return;
    finish();
    // At a deadline the BFF may not yet have noticed (its idle clock is its own): end it now.
    // Replaced or ended at CIS2, the session is already gone.
    if (reason === 'idle' || reason === 'absolute') {
      await logout().catch(() => undefined);
    }
    postSessionMessage({ type: 'session-ended', reason });
    leave(sessionEndedPath(reason, returnTo()));
  }

  function poll(): Promise<PollResult> {
    inFlight ??= getUser({ slide: false, signal: abort.signal })
      .then(
        ({ session }): PollResult => {
          deadline.current = sessionDeadline(session);
          return { ok: true };
        },
        (error: unknown): PollResult => ({ ok: false, error }),
      )
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  function onFailure(error: unknown): void {
    if (ended || abort.signal.aborted) return;
    const reason = isApiError(error) ? error.sessionEndReason : null;
    if (reason) {
      void endSession(reason);
      return;
    }
    // Past the deadline, the session has ended whatever the BFF could or could not say.
    const due = expiredReason(deadline.current, Date.now());
    if (due) {
      void endSession(due);
      return;
    }
    if (isApiError(error) && error.isSignedOut) leave(signInPagePath(returnTo()));
    // Otherwise the BFF could not be reached: the next poll asks again.
  }

  async function check(): Promise<void> {
    const result = await poll();
    if (!result.ok) onFailure(result.error);
  }

  async function tick(): Promise<void> {
    const now = Date.now();
    onTick?.(now);
    if (ended || !expiredReason(deadline.current, now)) return;
    const result = await poll();
    if (ended) return;
    if (!result.ok) {
      onFailure(result.error);
      return;
    }
    const due = expiredReason(deadline.current, Date.now());
    if (due) void endSession(due);
  }

  function onApiError(error: unknown): void {
    const reason = isApiError(error) ? error.sessionEndReason : null;
    if (reason) void endSession(reason);
  }

  const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'error') onApiError(event.action.error);
  });
  const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
    if (
      event.type === 'updated' &&
      event.action.type === 'error' &&
      !event.mutation.options.meta?.[HANDLES_SESSION_END]
    ) {
      onApiError(event.action.error);
    }
  });
  const unsubscribeTabs = subscribeSessionMessages((message) => {
    if (ended) return;
    leave(
      message.type === 'signed-out' ? '/signed-out' : sessionEndedPath(message.reason, returnTo()),
    );
  });
  const onFocus = () => {
    if (!ended) void check();
  };
  window.addEventListener('focus', onFocus);
  const ticker = setInterval(() => void tick(), TICK_MS);
  const poller = setInterval(() => void check(), POLL_MS);

  let stopped = false;
  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearInterval(ticker);
    clearInterval(poller);
    window.removeEventListener('focus', onFocus);
    unsubscribeQueries();
    unsubscribeMutations();
    unsubscribeTabs();
  }

  return () => {
    stop();
    abort.abort();
  };
}
