import { redirect } from 'react-router';
import type { SignedInUser } from '@ers/shared/bff-contract';
import { isApiError } from '@/lib/api-client';
import { currentPath } from '@/lib/return-to';

export const CHOOSE_CONTEXT_PATH = '/choose-context';

/** `/choose-context?returnTo=<the page>`. */
export function chooseContextPath(returnTo: string | null): string {
  return returnTo
    ? `${CHOOSE_CONTEXT_PATH}?returnTo=${encodeURIComponent(returnTo)}`
    : CHOOSE_CONTEXT_PATH;
}

/** e-RS: a service provider clinician admin always works on behalf of a clinician. */
export function needsOnBehalfOf(user: SignedInUser): boolean {
  return (
    user.actingAs.businessFunction === 'SERVICE_PROVIDER_CLINICIAN_ADMIN' &&
    !user.actingAs.onBehalfOf
  );
}

/**
 * Runs a loader step; when the BFF answers `on_behalf_of_required`, sends the user to choose the
 * clinician they work for, then back to this page.
 */
export async function orChooseContext<T>(
  request: Request,
  step: () => Promise<T>,
): Promise<T | Response> {
  try {
    return await step();
  } catch (error) {
    if (isApiError(error) && error.code === 'on_behalf_of_required') {
      return redirect(chooseContextPath(currentPath(new URL(request.url))));
    }
    throw error;
  }
}
