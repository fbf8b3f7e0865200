import type { ReactNode } from 'react';
import type { SessionTimes } from '../session/session-deadline';
import { useSessionWatcher } from '../session/use-session-watcher';

/**
 * Wraps the signed-in pages' content and watches the session (see session-watcher.ts). Once it
 * has ended, the content (which may show patient data) is gone at once, before the next page
 * loads. The warning shown before the idle deadline will render here too.
 */
export function SessionWatcher({
  session,
  children,
}: {
  session: SessionTimes;
  children: ReactNode;
}) {
  const { ended } = useSessionWatcher(session);
  if (ended) {
    return (
      <p className="nhsuk-body" role="status">
        Signing out…
      </p>
    );
  }
  return children;
}
