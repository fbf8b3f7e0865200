import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LogoutResponseSchema, bffPaths, type LogoutResponse } from '@ers/shared/bff-contract';
import { apiRequest, isApiError } from '@/lib/api-client';
import { assignLocation } from '@/lib/browser-location';

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
  return useMutation({
    mutationFn: logout,
    onSuccess: ({ redirectTo }) => {
      // Patient data lives only in this cache: drop it before leaving.
      queryClient.clear();
      assignLocation(safeRedirect(redirectTo));
    },
    onError: (error) => {
      // The session had already ended: there is nothing left to sign out of.
      if (isApiError(error) && error.isSignedOut) {
        queryClient.clear();
        assignLocation('/signed-out');
      }
    },
  });
}
