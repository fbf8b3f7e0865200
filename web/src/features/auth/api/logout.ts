import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LogoutResponseSchema, bffPaths, type LogoutResponse } from '@ers/shared/bff-contract';
import { apiRequest, isApiError } from '@/lib/api-client';
import { assignLocation } from '@/lib/browser-location';
import { postSessionMessage } from '../session/session-channel';

/** In a mutation's `meta`: it deals with a signed-out answer itself (the watcher stays out). */
export const HANDLES_SESSION_END = 'handlesSessionEnd';

export function logout(): Promise<LogoutResponse> {
  return apiRequest(bffPaths.logout, LogoutResponseSchema, { method: 'POST' });
}

/** Only http(s) destinations: `redirectTo` is either our signed-out page or CIS2's end-session. */
function safeRedirect(redirectTo: string): string {
  const url = new URL(redirectTo, window.location.origin);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '/signed-out';
}

export function useLogout() {
  const queryClient = useQueryClient();

  /** Patient data lives only in this cache: drop it, tell the other tabs, then leave. */
  function leave(url: string) {
    queryClient.clear();
    postSessionMessage({ type: 'signed-out' });
    assignLocation(url, { hideContent: true });
  }

  return useMutation({
    mutationFn: logout,
    // Signing out handles a signed-out answer itself; the session watcher leaves it alone.
    meta: { [HANDLES_SESSION_END]: true },
    onSuccess: ({ redirectTo }) => {
      leave(safeRedirect(redirectTo));
    },
    onError: (error) => {
      // The session had already ended: there is nothing left to sign out of.
      if (isApiError(error) && error.isSignedOut) leave('/signed-out');
    },
  });
}
