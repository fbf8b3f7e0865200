import type { ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getUser, userQueryKey } from '../api/get-user';
import { useSignOut } from '../api/logout';
import type { SessionTimes } from '../session/session-deadline';
import { useSessionWatcher } from '../session/use-session-watcher';
import { SessionTimeoutWarning } from './session-timeout-warning';

/**
 * "Stay signed in": a plain `/bff/user` (without `slide=false`) is activity, so the BFF moves the
 * idle deadline and answers with the new one.
 */
function useStaySignedIn(onSession: (times: SessionTimes) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => getUser(),
    onSuccess: (response) => {
      queryClient.setQueryData(userQueryKey, response);
      onSession(response.session);
    },
  });
}

/**
 * Wraps the signed-in pages' content and watches the session (see session-watcher.ts). Before
 * the idle deadline or the time limit it shows the timeout warning; once the session has ended
 * the content (which may show patient data) is gone at once, before the next page loads.
 */
export function SessionWatcher({
  session,
  children,
}: {
  session: SessionTimes;
  children: ReactNode;
}) {
  const { ended, warning, update, dismissAbsoluteWarning } = useSessionWatcher(session);
  const stay = useStaySignedIn(update);
  const signOut = useSignOut();

  if (ended) {
    return (
      <p className="nhsuk-body" role="status">
        Signing out…
      </p>
    );
  }
  return (
    <>
      {children}
      {warning ? (
        <SessionTimeoutWarning
          // A new dialog (focus moved in again) when the warning changes kind.
          key={warning.reason}
          warning={warning}
          onStaySignedIn={() => {
            stay.mutate();
          }}
          onContinue={dismissAbsoluteWarning}
          onSignOut={signOut}
          busy={stay.isPending}
          error={stay.isError ? 'Sorry, we could not keep you signed in. Try again.' : null}
        />
      ) : null}
    </>
  );
}
