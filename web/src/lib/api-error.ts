/**
 * The error every failed BFF call becomes. Kept apart from the request code (and its zod
 * schemas) so the app's entry chunk, whose error pages and query client need only this class,
 * does not pull the schemas in: they load with the first route that makes a request.
 */
import type { SessionEndReason } from '@ers/shared/bff-contract';
import type { Problem } from '@ers/shared/problem';

export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem, options?: { cause?: unknown }) {
    super(`${String(problem.status)} ${problem.code}: ${problem.title}`, options);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): Problem['code'] {
    return this.problem.code;
  }

  /** The BFF has no session for this browser (never had one, or it ended). */
  get isSignedOut(): boolean {
    return (
      this.code === 'not_signed_in' ||
      this.code === 'sign_in_again' ||
      this.sessionEndReason !== null
    );
  }

  /**
   * Why the session ended, when the BFF ended it for a reason the user should be told about
   * (another sign-in took over, CIS2 signed the user out, or the service restarted); null for
   * any other problem.
   */
  get sessionEndReason(): SessionEndReason | null {
    if (this.status !== 401) return null;
    if (this.code === 'session_replaced') return 'replaced';
    if (this.code === 'signed_out_elsewhere') return 'signed_out_elsewhere';
    if (this.code === 'service_restarted') return 'restarted';
    return null;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
