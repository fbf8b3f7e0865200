import type { QueryClient } from '@tanstack/react-query';
import { redirect } from 'react-router';
import { userQueryKey } from '@/features/auth/api/get-user';
import { sessionEndedPath } from '@/features/auth/session/session-ended-path';
import { isApiError } from '@/lib/api-client';
import { currentPath, signInPagePath } from '@/lib/return-to';

/** `/?returnTo=/referrals/123…`: the landing page, remembering where the user was going. */
export function signInRedirect(request: Request): Response {
  return redirect(signInPagePath(currentPath(new URL(request.url))));
}

/**
 * Runs a loader step; when the BFF says the session is gone, marks the cached user stale and
 * sends the user to sign in (the landing page asks the BFF afresh). Marked, not removed: the page
 * being left still shows and reads the user until the redirect commits, and removing it under
 * that page would make it suspend and ask the BFF again mid-navigation. When it ended for
 * a reason the user should know (signed in elsewhere, signed out at CIS2), everything cached is
 * dropped and the page that explains it is shown instead.
 */
export async function orSignIn<T>(
  queryClient: QueryClient,
  request: Request,
  step: () => Promise<T>,
): Promise<T | Response> {
  try {
    return await step();
  } catch (error) {
    const reason = isApiError(error) ? error.sessionEndReason : null;
    if (reason) {
      queryClient.clear();
      return redirect(sessionEndedPath(reason, currentPath(new URL(request.url))));
    }
    if (isApiError(error) && error.isSignedOut) {
      void queryClient.invalidateQueries({ queryKey: userQueryKey, refetchType: 'none' });
      return signInRedirect(request);
    }
    throw error;
  }
}
