import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'react-router';
import { currentPath } from '@/lib/return-to';
import {
  sessionDeadline,
  sessionWarning,
  type SessionTimes,
  type SessionWarning,
} from './session-deadline';
import { startSessionWatcher } from './session-watcher';

export type SessionWatch = {
  /** The session has ended: the page is on its way out. */
  ended: boolean;
  /** The warning to show now (the idle deadline or the time limit is near), or null. */
  warning: SessionWarning | null;
  /** New times from the BFF (after "Stay signed in"): the warning goes if it no longer applies. */
  update: (times: SessionTimes) => void;
  /** The user has read the time-limit warning: it is not shown again for this limit. */
  dismissAbsoluteWarning: () => void;
};

function sameWarning(a: SessionWarning | null, b: SessionWarning | null): boolean {
  return (
    a === b ||
    (a !== null &&
      b !== null &&
      a.reason === b.reason &&
      a.at === b.at &&
      a.secondsLeft === b.secondsLeft)
  );
}

/**
 * Runs the session watcher while a signed-in page is shown. `times` is the session part of
 * `/bff/user` as the page last loaded it; the watcher's own polls update the deadline between.
 * Every tick (on `Date.now()`) it works out whether a warning is due; the component re-renders
 * only while one is shown, or when one appears or goes.
 */
export function useSessionWatcher(times: SessionTimes): SessionWatch {
  const [ended, setEnded] = useState(false);
  const [warning, setWarning] = useState<SessionWarning | null>(null);
  const queryClient = useQueryClient();
  const returnTo = currentPath(useLocation());
  const returnToRef = useRef(returnTo);
  const deadlineRef = useRef(sessionDeadline(times));
  const dismissedRef = useRef<number | null>(null);

  const refreshWarning = useCallback((now: number) => {
    const next = sessionWarning(deadlineRef.current, now, dismissedRef.current);
    setWarning((previous) => (sameWarning(previous, next) ? previous : next));
  }, []);

  useEffect(() => {
    returnToRef.current = returnTo;
  }, [returnTo]);

  useEffect(() => {
    deadlineRef.current = sessionDeadline(times);
  }, [times]);

  useEffect(
    () =>
      startSessionWatcher({
        queryClient,
        returnTo: () => returnToRef.current,
        deadline: deadlineRef,
        onEnd: () => {
          setEnded(true);
        },
        onTick: refreshWarning,
      }),
    [queryClient, refreshWarning],
  );

  const update = useCallback(
    (next: SessionTimes) => {
      deadlineRef.current = sessionDeadline(next);
      refreshWarning(Date.now());
    },
    [refreshWarning],
  );

  const dismissAbsoluteWarning = useCallback(() => {
    dismissedRef.current = deadlineRef.current?.at ?? null;
    refreshWarning(Date.now());
  }, [refreshWarning]);

  return { ended, warning, update, dismissAbsoluteWarning };
}
