/**
 * Every e-RS failure as the problem the SPA understands. What e-RS said (its code, its request
 * id) travels with it; its diagnostics text does not (it may name a patient), nor ever a URL.
 * A route names only what differs for its operation: what "not found" means there, and how a
 * 422 reads.
 */
import type { ProblemCode } from '@ers/shared/problem';
import { AppError } from '../http/app-error';
import type { ErsFailure } from './outcome';
import { MAX_RETRY_AFTER_REPORTED_MS } from './retry';

export type NotFound = { code: ProblemCode; detail: string };

export type OperationFailures = {
  /** What a 404 from e-RS means to this route; without it, a 404 is e-RS failing (502). */
  notFound?: NotFound | undefined;
  /** This route's reading of a 422 (e.g. an attachment still being virus-checked). */
  unprocessable?: (failure: ErsFailure & { kind: 'unprocessable' }) => AppError;
  /** This route's reading of NO_RELATIONSHIP, where it is not about a referral. */
  noRelationship?: (failure: ErsFailure & { kind: 'no_relationship' }) => AppError;
};

export const REFERRAL_NOT_FOUND: NotFound = {
  code: 'referral_not_found',
  detail: 'No referral was found with that UBRN.',
};

const retryAfterSeconds = (ms: number | undefined) =>
  ms === undefined ? undefined : Math.ceil(Math.min(ms, MAX_RETRY_AFTER_REPORTED_MS) / 1000);

export function refusal(failure: ErsFailure, failures: OperationFailures = {}): AppError {
  const ersCode = 'ersCode' in failure ? failure.ersCode : undefined;
  const cause = {
    kind: failure.kind,
    ...(ersCode ? { ersCode } : {}),
    ...('status' in failure ? { status: failure.status } : {}),
    ...('reason' in failure ? { reason: failure.reason } : {}),
    ...('source' in failure ? { source: failure.source } : {}),
  };
  const options = { cause, ersRequestId: failure.requestId, ersCode };
  switch (failure.kind) {
    case 'not_found':
      return failures.notFound
        ? new AppError(404, failures.notFound.code, failures.notFound.detail, options)
        : new AppError(
            502,
            'upstream_unavailable',
            'e-RS could not answer. Try again later.',
            options,
          );
    case 'unauthorized':
      return new AppError(
        401,
        'sign_in_again',
        'Your access to e-RS has ended. Sign in again.',
        options,
      );
    case 'forbidden':
      return new AppError(
        403,
        'no_access',
        'You do not have access to this in the organisation and role you are working in.',
        options,
      );
    case 'no_relationship':
      return (
        failures.noRelationship?.(failure) ??
        new AppError(
          403,
          'no_relationship',
          'e-RS says you have no legitimate relationship with this referral in the organisation and role you are working in.',
          options,
        )
      );
    case 'unprocessable':
      return (
        failures.unprocessable?.(failure) ??
        new AppError(
          422,
          'referral_unprocessable',
          'e-RS cannot show this referral. Do not try again; contact the e-RS service desk if you need it.',
          options,
        )
      );
    case 'rate_limited':
      return new AppError(
        503,
        'service_busy',
        failure.source === 'session'
          ? 'You have asked e-RS for more than one person may at once. Try again in a few seconds.'
          : 'e-RS is busy. Try again in a few seconds.',
        { ...options, retryAfterSeconds: retryAfterSeconds(failure.retryAfterMs ?? 1000) },
      );
    case 'unavailable':
      return failure.reason === 'timeout'
        ? new AppError(504, 'upstream_timeout', 'e-RS did not answer in time. Try again.', options)
        : new AppError(503, 'upstream_unavailable', 'e-RS could not be reached. Try again later.', {
            ...options,
            retryAfterSeconds: retryAfterSeconds(failure.retryAfterMs),
          });
    case 'upstream_error':
      return new AppError(
        502,
        'upstream_unavailable',
        'e-RS could not answer. Try again later.',
        options,
      );
    case 'invalid_response':
      return new AppError(
        502,
        'upstream_invalid_response',
        'e-RS sent a response we could not read.',
        options,
      );
  }
}

/**
 * e-RS said 401 to a token that signing in again would not change (one it had just been given,
 * or none at all in the sandbox): a problem to report, never "sign in again", which would loop.
 */
export function accessRefusedAfterRenewal(failure: ErsFailure & { kind: 'unauthorized' }) {
  return new AppError(
    502,
    'upstream_access_refused',
    'e-RS refused your access, and signing in again will not change that. Contact your IT service desk and quote the correlation ID.',
    { cause: { kind: failure.kind }, ersRequestId: failure.requestId, ersCode: failure.ersCode },
  );
}

/** The session's APIM token could not be had: sign in again, or try again shortly. */
export function tokenRefusal(reason: 'sign_in_again' | 'unavailable'): AppError {
  return reason === 'sign_in_again'
    ? new AppError(401, 'sign_in_again', 'Your access to e-RS has ended. Sign in again.')
    : new AppError(
        503,
        'upstream_unavailable',
        'We could not renew your access to e-RS. Try again in a moment.',
      );
}
