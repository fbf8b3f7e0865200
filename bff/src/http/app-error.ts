/**
 * One error type for everything the BFF refuses or fails at. `code` is the contract with the SPA
 * (see @ers/shared/problem); `detail` is written for a clinician; `cause` stays in the logs.
 */
import type { ProblemCode } from '@ers/shared/problem';

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 413 | 422 | 429 | 500 | 502 | 503 | 504;

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: ErrorStatus,
    readonly code: ProblemCode,
    readonly detail: string,
    options?: {
      cause?: unknown;
      ersRequestId?: string | undefined;
      /** The e-RS OperationOutcome code behind it, when the SPA can use it (e.g. PENDING). */
      ersCode?: string | undefined;
      /** Sent as Retry-After and in the problem. */
      retryAfterSeconds?: number | undefined;
    },
  ) {
    super(`${code}: ${detail}`, { cause: options?.cause });
    this.ersRequestId = options?.ersRequestId;
    this.ersCode = options?.ersCode;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  readonly ersRequestId: string | undefined;
  readonly ersCode: string | undefined;
  readonly retryAfterSeconds: number | undefined;
}

const TITLES: Record<ErrorStatus, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Payload too large',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

export function titleFor(status: ErrorStatus): string {
  return TITLES[status];
}
