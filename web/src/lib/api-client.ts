/**
 * The one way the SPA talks to the BFF: same-origin fetch with the anti-forgery header, JSON
 * validated with the shared contract, and every failure turned into an `ApiError` carrying a
 * problem (RFC 9457) the UI can branch on by `code`.
 */
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@ers/shared/bff-contract';
import { PROBLEM_CONTENT_TYPE, ProblemSchema, type Problem } from '@ers/shared/problem';
import { ApiError } from './api-error';
import { takeEarlyResponse } from './early-requests';

export { ApiError, isApiError } from './api-error';

/** The part of a zod schema this module uses, so web does not depend on zod directly. */
export interface ResponseSchema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false };
}

const CORRELATION_HEADER = 'X-Correlation-ID';

/** A problem for failures the BFF did not describe itself (network down, proxy HTML page). */
function clientProblem(status: number, correlationId: string | null): Problem {
  return {
    type: 'about:blank',
    title: status === 0 ? 'Could not reach the service' : 'Unexpected response',
    status,
    code: status === 0 || status >= 500 ? 'upstream_unavailable' : 'internal_error',
    detail: 'Sorry, there is a problem with the service. Try again later.',
    ...(correlationId ? { correlationId } : {}),
  };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  signal?: AbortSignal;
  /** Sent as JSON (`Content-Type: application/json`). */
  body?: unknown;
}

export async function apiRequest<T>(
  path: string,
  schema: ResponseSchema<T>,
  { method = 'GET', signal, body }: RequestOptions = {},
): Promise<T> {
  let response: Response;
  // The first page's GETs may already be on their way (early-requests.ts).
  const early = method === 'GET' && body === undefined ? takeEarlyResponse(path) : undefined;
  try {
    response = await (early ??
      fetch(path, {
        method,
        credentials: 'same-origin',
        headers: {
          [CSRF_HEADER]: CSRF_HEADER_VALUE,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      }));
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(clientProblem(0, null), { cause });
  }

  const correlationId = response.headers.get(CORRELATION_HEADER);
  if (!response.ok) throw await failure(response, correlationId);
  const parsed = schema.safeParse(await readJson(response));
  if (!parsed.success) {
    throw new ApiError({
      ...clientProblem(response.status, correlationId),
      code: 'upstream_invalid_response',
      title: 'Unexpected response',
    });
  }
  return parsed.data;
}

/** The ApiError for a response that is not 2xx: the BFF's problem, or one describing it. */
async function failure(response: Response, correlationId: string | null): Promise<ApiError> {
  const contentType = response.headers.get('Content-Type') ?? '';
  const problem = contentType.includes(PROBLEM_CONTENT_TYPE)
    ? ProblemSchema.safeParse(await readJson(response))
    : undefined;
  if (problem?.success) {
    const withId =
      problem.data.correlationId || !correlationId
        ? problem.data
        : { ...problem.data, correlationId };
    return new ApiError(withId);
  }
  return new ApiError(clientProblem(response.status, correlationId));
}

/**
 * A file from the BFF (an attachment, the clinical information PDF), with the anti-forgery
 * header every `/api` call needs: so it cannot be a plain link. Held only in memory.
 */
export async function apiFile(
  path: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<{ blob: Blob; contentType: string }> {
  let response: Response;
  try {
    response = await fetch(path, {
      credentials: 'same-origin',
      headers: { [CSRF_HEADER]: CSRF_HEADER_VALUE },
      ...(signal ? { signal } : {}),
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(clientProblem(0, null), { cause });
  }
  if (!response.ok) throw await failure(response, response.headers.get(CORRELATION_HEADER));
  const contentType = response.headers.get('Content-Type') ?? 'application/octet-stream';
  return { blob: await response.blob(), contentType };
}
