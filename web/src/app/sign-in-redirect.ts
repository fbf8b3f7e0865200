import type { QueryClient } from '@tanstack/react-query';
import { redirect } from 'react-router';
import { userQueryKey } from '@/features/auth/api/get-user';
import { isApiError } from '@/lib/api-client';

/** `/?returnTo=/referrals/123…`: the landing page, remembering where the user was going. */
export function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  const returnTo = `${url.pathname}${url.search}`;
  return redirect(`/?returnTo=${encodeURIComponent(returnTo)}`);
}

/**
 * Runs a loader step; when the BFF says the session is gone, forgets the cached user (so the
 * landing page does not bounce straight back) and sends the user to sign in.
 */
export async function orSignIn<T>(
  queryClient: QueryClient,
  request: Request,
  step: () => Promise<T>,
): Promise<T | Response> {
  try {
    return await step();
  } catch (error) {
    if (isApiError(error) && error.isSignedOut) {
      queryClient.removeQueries({ queryKey: userQueryKey });
      return signInRedirect(request);
    }
    throw error;
  }
}
