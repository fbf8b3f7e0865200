import type { Context } from 'hono';
import { PROBLEM_CONTENT_TYPE, type Problem } from '@ers/shared/problem';
import { describeError } from '../logging/describe-error';
import { AppError, titleFor } from './app-error';
import { errorPage, isNavigation } from './error-page';
import type { HttpEnv } from './http-env';

export function problemResponse<E extends HttpEnv>(c: Context<E>, error: AppError): Response {
  const problem: Problem = {
    type: `https://ers-client.invalid/problems/${error.code}`,
    title: titleFor(error.status),
    status: error.status,
    code: error.code,
    detail: error.detail,
    correlationId: c.get('correlationId'),
    ...(error.ersRequestId ? { ersRequestId: error.ersRequestId } : {}),
    ...(error.ersCode ? { ersCode: error.ersCode } : {}),
    ...(error.retryAfterSeconds === undefined
      ? {}
      : { retryAfterSeconds: error.retryAfterSeconds }),
  };
  if (error.retryAfterSeconds !== undefined) {
    c.header('Retry-After', String(error.retryAfterSeconds));
  }
  return c.body(JSON.stringify(problem), error.status, { 'Content-Type': PROBLEM_CONTENT_TYPE });
}

/**
 * A failure on our side (5xx) met by a browser navigation is a page; a refusal (4xx) stays a
 * problem, since no page of ours sends a browser to a request we refuse.
 */
function failureResponse<E extends HttpEnv>(c: Context<E>, error: AppError): Response {
  return error.status >= 500 && isNavigation(c) ? errorPage(c, error) : problemResponse(c, error);
}

/** The one error handler: known refusals become problems, anything else a logged 500. */
export function onError<E extends HttpEnv>(error: Error, c: Context<E>): Response {
  const log = c.get('log');
  if (error instanceof AppError) {
    // An expected refusal: one line with its reason, no stack.
    log?.warn(
      { code: error.code, status: error.status, reason: describeError(error.cause) },
      'request refused',
    );
    return failureResponse(c, error);
  }
  log?.error({ err: error }, 'unhandled error');
  return failureResponse(
    c,
    new AppError(500, 'internal_error', 'Something went wrong on our side. Try again later.'),
  );
}
