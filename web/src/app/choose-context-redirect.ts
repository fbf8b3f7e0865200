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
    user.actingAs?.businessFunction === 'SERVICE_PROVIDER_CLINICIAN_ADMIN' &&
    !user.actingAs.onBehalfOf
  );
}

/** The BFF's answers that mean "choose how you are working first" (or see why you cannot). */
const CHOOSE_FIRST = new Set(['on_behalf_of_required', 'acting_context_required', 'no_ers_roles']);

/**
 * Runs a loader step; when the BFF answers that the acting context (or, for an SPC admin, the
 * clinician acted for) must be chosen first, sends the user to choose, then back to this page.
 */
export async function orChooseContext<T>(
  request: Request,
  step: () => Promise<T>,
): Promise<T | Response> {
  try {
    return await step();
  } catch (error) {
    if (isApiError(error) && CHOOSE_FIRST.has(error.code)) {
      return redirect(chooseContextPath(currentPath(new URL(request.url))));
    }
    throw error;
  }
}
