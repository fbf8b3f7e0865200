import { useQueryClient } from '@tanstack/react-query';
import { LogoutResponseSchema, bffPaths, type LogoutResponse } from '@ers/shared/bff-contract';
import { apiRequest } from '@/lib/api-client';
import { assignLocation, postNavigation } from '@/lib/browser-location';
import { postSessionMessage } from '../session/session-channel';

/** In a mutation's `meta`: it deals with a signed-out answer itself (the watcher stays out). */
export const HANDLES_SESSION_END = 'handlesSessionEnd';

/** Ends our session only, from script (the session watcher at a deadline). */
export function logout(): Promise<LogoutResponse> {
  return apiRequest(bffPaths.logout, LogoutResponseSchema, { method: 'POST' });
}

/**
 * The user's sign-out: a form POST to the BFF, as a top-level navigation, because its answer may
 * be the BFF's page that ends the CIS2 session too (`CIS2_LOGOUT=cis2`), which needs the ID token
 * the browser never otherwise holds. Patient data lives only in the query cache: it is dropped,
 * and the other tabs told, before the page goes.
 */
export function useSignOut(): () => void {
  const queryClient = useQueryClient();
  return () => {
    queryClient.clear();
    postSessionMessage({ type: 'signed-out' });
    // The demo (`dev:mock`) has no BFF to navigate to: msw, which sees no navigations, ends its
    // session. `MODE` is replaced at build time, so any other build drops this branch.
    if (import.meta.env.MODE === 'mock') {
      void logout().finally(() => {
        assignLocation('/signed-out', { hideContent: true });
      });
      return;
    }
    postNavigation(bffPaths.logout, { hideContent: true });
  };
}
