/**
 * What an e-RS call came to, as a value: `ok` with its view model or file, or one failure kind
 * per case a route handles. The HTTP answer is classified here, once, for every operation.
 */
import { outcomeDetails, type OutcomeDetails } from './operation-outcome';
import { parseRetryAfter } from './retry';
import { header, type UpstreamResult } from './upstream';

type Ids = { requestId: string | undefined };

export type ErsFailure =
  | ({ kind: 'not_found' } & Ids & OutcomeDetails)
  | ({ kind: 'unauthorized' } & Ids & OutcomeDetails)
  | ({ kind: 'forbidden' } & Ids & OutcomeDetails)
  | ({ kind: 'no_relationship' } & Ids & OutcomeDetails)
  /** 422 with the e-RS code: PENDING, THREATS_FOUND, VALIDATION_FAILED, PATIENT_ERROR... */
  | ({ kind: 'unprocessable' } & Ids & OutcomeDetails)
  /**
   * e-RS said 429 (after our retries), or our own limiter refused before calling: the
   * application's limit, or this session's share of it.
   */
  | ({
      kind: 'rate_limited';
      source: 'e-RS' | 'limiter' | 'session';
      retryAfterMs: number | undefined;
    } & Ids)
  | ({
      kind: 'unavailable';
      reason: 'timeout' | 'network' | 'e-RS';
      retryAfterMs: number | undefined;
    } & Ids)
  | ({ kind: 'upstream_error'; status: number } & Ids & OutcomeDetails)
  | ({ kind: 'invalid_response'; reason: string } & Ids);

export type ErsOutcome<T> = ({ kind: 'ok'; body: T } & Ids) | ErsFailure;

/** The failure an upstream result stands for (anything but a 200 the caller could use). */
export function failureOf(result: UpstreamResult, now: number): ErsFailure {
  switch (result.kind) {
    case 'busy':
      return {
        kind: 'rate_limited',
        source: 'limiter',
        retryAfterMs: result.retryAfterMs,
        requestId: undefined,
      };
    case 'timeout':
    case 'network':
      return {
        kind: 'unavailable',
        reason: result.kind,
        retryAfterMs: undefined,
        requestId: undefined,
      };
    case 'response':
      break;
  }
  const requestId = header(result.headers, 'x-request-id');
  const details = outcomeDetails(result.json);
  switch (result.status) {
    case 401:
      return { kind: 'unauthorized', requestId, ...details };
    case 403:
      return {
        kind: details.ersCode === 'NO_RELATIONSHIP' ? 'no_relationship' : 'forbidden',
        requestId,
        ...details,
      };
    case 404:
      return { kind: 'not_found', requestId, ...details };
    case 422:
      return {
        kind: details.ersCode === 'NO_RELATIONSHIP' ? 'no_relationship' : 'unprocessable',
        requestId,
        ...details,
      };
    case 429:
      return {
        kind: 'rate_limited',
        source: 'e-RS',
        retryAfterMs: parseRetryAfter(header(result.headers, 'retry-after'), now),
        requestId,
      };
    case 502:
    case 503:
    case 504:
      return {
        kind: 'unavailable',
        reason: 'e-RS',
        retryAfterMs: parseRetryAfter(header(result.headers, 'retry-after'), now),
        requestId,
      };
    default:
      if (result.status >= 200 && result.status < 400) {
        return {
          kind: 'invalid_response',
          reason: `unexpected status ${result.status}`,
          requestId,
        };
      }
      return { kind: 'upstream_error', status: result.status, requestId, ...details };
  }
}
