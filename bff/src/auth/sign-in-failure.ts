/**
 * How a sign-in through CIS2 fails, in the words of the page the user will see: a refused
 * callback, or a CIS2 that could not be reached in time (the user can try again later).
 */
import * as oauth from 'oauth4webapi';
import { DeadlineError } from '../http/deadline';

/** Why a callback was refused; each maps to a page that tells the user what to do. */
export type SignInFailure =
  | 'invalid_callback'
  | 'access_denied'
  | 'low_identity_assurance'
  | 'low_authentication_assurance'
  | 'cis2_unavailable';

/** CIS2 could not be reached at all (refused, reset, DNS): not a fault in what it sent. */
export class Cis2NetworkError extends Error {
  override name = 'Cis2NetworkError';
  constructor(cause: unknown) {
    super('CIS2 could not be reached', { cause });
  }
}

export class SignInError extends Error {
  override name = 'SignInError';
  constructor(
    readonly failure: SignInFailure,
    options?: { cause?: unknown },
  ) {
    super(failure, options);
  }
}

/**
 * A CIS2 that did not answer in time, could not be reached, or answered with a server error says
 * nothing about the callback: the user can try again later. Anything else is a refused callback.
 */
export function failureOf(cause: unknown): SignInFailure {
  if (cause instanceof DeadlineError || cause instanceof Cis2NetworkError) {
    return 'cis2_unavailable';
  }
  const response =
    cause instanceof oauth.ResponseBodyError
      ? cause.response
      : cause instanceof oauth.OperationProcessingError && cause.cause instanceof Response
        ? cause.cause
        : undefined;
  return response !== undefined && response.status >= 500 ? 'cis2_unavailable' : 'invalid_callback';
}

/** CIS2's error redirects, in the words of the page the user will see. */
export function authorizationErrorFailure(cause: unknown): SignInFailure {
  if (!(cause instanceof oauth.AuthorizationResponseError)) return 'invalid_callback';
  switch (cause.error) {
    case 'access_denied':
      return 'access_denied';
    // OIDC Core §3.1.2.6: the authenticator used was weaker than acr_values asked for.
    case 'unmet_authentication_requirements':
      return 'low_authentication_assurance';
    default:
      return 'invalid_callback';
  }
}
