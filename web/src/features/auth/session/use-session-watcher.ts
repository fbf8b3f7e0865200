import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'react-router';
import { currentPath } from '@/lib/return-to';
import { sessionDeadline, type SessionTimes } from './session-deadline';
import { startSessionWatcher } from './session-watcher';

/**
 * Runs the session watcher while a signed-in page is shown. `times` is the session part of
 * `/bff/user` as the page last loaded it; the watcher's own polls update the deadline between.
 * Returns whether the session has ended (the page is on its way out).
 */
export function useSessionWatcher(times: SessionTimes): { ended: boolean } {
  const [ended, setEnded] = useState(false);
  const queryClient = useQueryClient();
  const returnTo = currentPath(useLocation());
  const returnToRef = useRef(returnTo);
  const deadlineRef = useRef(sessionDeadline(times));

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
      }),
    [queryClient],
  );

  return { ended };
}
