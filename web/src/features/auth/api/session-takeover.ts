import { useMutation } from '@tanstack/react-query';
import { LogoutResponseSchema, bffPaths, type LogoutResponse } from '@ers/shared/bff-contract';
import { apiRequest } from '@/lib/api-client';
import { assignLocation } from '@/lib/browser-location';
import { sameOriginPath } from '@/lib/return-to';

/** Ends the user's other session and starts the sign-in that was parked because of it. */
export function takeOverSession(): Promise<LogoutResponse> {
  return apiRequest(bffPaths.sessionTakeover, LogoutResponseSchema, { method: 'POST' });
}

export function useSessionTakeover() {
  return useMutation({
    mutationFn: takeOverSession,
    // A full page load: the new session's cookie is set and the app starts afresh.
    onSuccess: ({ redirectTo }) => {
      assignLocation(sameOriginPath(redirectTo));
    },
  });
}
