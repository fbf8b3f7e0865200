/**
 * One HTTP exchange with e-RS or the object store, once: no limit, no retry (upstream.ts adds
 * those). Two shapes:
 *
 * - `exchangeJson`: the whole answer read into memory under one deadline, straight off undici's
 *   dispatcher with a handler of our own. undici's `request` would wrap every answer in a
 *   Readable stream we only read to the end (measured: about half the client-side CPU of a call
 *   went on that stream and its async iterator).
 * - `exchangeStream`: undici's `request`, whose 2xx body is handed over unread (a file on its
 *   way to the browser), under a first-byte and an idle timeout.
 */
import type { Readable } from 'node:stream';
import { errors, request, type Dispatcher } from 'undici';
import type { Logger } from '../logging/logger';

export type UpstreamTimeouts = {
  /** A JSON exchange from connecting to the last byte of the body. */
  jsonMs: number;
  /** A file: until the response headers arrive (the first byte). */
  binaryFirstByteMs: number;
  /** A file: the longest silence while its body streams. */
  binaryIdleMs: number;
};

export const DEFAULT_TIMEOUTS: UpstreamTimeouts = {
  jsonMs: 15_000,
  binaryFirstByteMs: 10_000,
  binaryIdleMs: 30_000,
};

/** Largest body we read into memory (APIM itself refuses worklists over 10 MB). */
const MAX_JSON_BYTES = 16 * 1024 * 1024;
/** Largest error body we read: an OperationOutcome is a few hundred bytes. */
const MAX_ERROR_BYTES = 64 * 1024;

export type UpstreamRequest = {
  /** For logs: A005, A042, object-store... */
  label: string;
  method: 'GET' | 'POST';
  url: URL;
  /** Built from scratch by the caller: nothing from the browser's request is ever forwarded. */
  headers: Record<string, string>;
  body?: string;
  /**
   * May the request be sent again after a 429 or 503? Only retrievals: GET, and the two POST
   * operations that only read (A008 fetch worklist, A007 generate clinical information PDF).
   */
  retrySafe: boolean;
  /** `json` reads the body (under the JSON timeout); `stream` hands a 2xx body over unread. */
  expect: 'json' | 'stream';
  /** Counts against the e-RS rate limit (every e-RS call; not the object store). */
  rateLimited: boolean;
  log?: Logger | undefined;
};

export type UpstreamHeaders = Record<string, string | string[] | undefined>;

export type UpstreamResult =
  | {
      kind: 'response';
      status: number;
      headers: UpstreamHeaders;
      /** The parsed body for `json` and every non-2xx answer: undefined when not JSON. */
      json: unknown;
      /** True when the body was there but was not JSON. */
      unreadable: boolean;
      /** `stream` 2xx answers only; the caller must consume or destroy it. */
      stream?: Readable;
    }
  /** Our own limiter refused: e-RS was not called. */
  | { kind: 'busy'; retryAfterMs: number }
  | { kind: 'timeout'; cause: unknown }
  | { kind: 'network'; cause: unknown };

export function header(headers: UpstreamHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function isTimeout(error: unknown, deadlinePassed: boolean): boolean {
  return (
    deadlinePassed ||
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError ||
    (error instanceof Error && error.name === 'TimeoutError')
  );
}

const failed = (cause: unknown, deadlinePassed = false): UpstreamResult =>
  isTimeout(cause, deadlinePassed) ? { kind: 'timeout', cause } : { kind: 'network', cause };

function parseJson(text: string | undefined): { json: unknown; unreadable: boolean } {
  if (text === undefined) return { json: undefined, unreadable: true };
  if (text.trim() === '') return { json: undefined, unreadable: false };
  try {
    return { json: JSON.parse(text) as unknown, unreadable: false };
  } catch {
    return { json: undefined, unreadable: true };
  }
}

/** The answer's body whole, or undefined (and the stream destroyed) past `limit` bytes. */
async function readLimited(body: Readable, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Sends `call` and reads its answer whole: a redirect's body is dropped, a 2xx body up to
 * 16 MiB, any other up to 64 KiB (past that: `unreadable`). One deadline covers all of it, a
 * timer cleared the moment the exchange is over (`AbortSignal.timeout` cannot be cancelled: it
 * would outlive every call by the whole timeout). undici's own timeouts stop a silent server.
 */
export function exchangeJson(
  dispatcher: Dispatcher,
  call: UpstreamRequest,
  timeoutMs: number,
): Promise<UpstreamResult> {
  return new Promise<UpstreamResult>((resolve) => {
    let controller: Dispatcher.DispatchController | undefined;
    let deadlinePassed = false;
    let status = 0;
    let headers: UpstreamHeaders = {};
    let limit = 0;
    let size = 0;
    let tooLarge = false;
    const chunks: Buffer[] = [];
    let timeUp: DOMException | undefined;
    const timer = setTimeout(() => {
      deadlinePassed = true;
      timeUp = new DOMException('e-RS took too long to answer', 'TimeoutError');
      // Not given a controller yet: undici has not started the request; it is stopped on start.
      controller?.abort(timeUp);
    }, timeoutMs);
    const finish = (result: UpstreamResult) => {
      clearTimeout(timer);
      resolve(result);
    };

    dispatcher.dispatch(
      {
        origin: call.url.origin,
        path: `${call.url.pathname}${call.url.search}`,
        method: call.method,
        headers: call.headers,
        body: call.body ?? null,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      },
      {
        onRequestStart(started) {
          controller = started;
          if (timeUp) started.abort(timeUp);
        },
        onResponseStart(_controller, statusCode, responseHeaders) {
          status = statusCode;
          headers = responseHeaders as UpstreamHeaders;
          limit =
            status >= 300 && status < 400 ? 0 : status < 300 ? MAX_JSON_BYTES : MAX_ERROR_BYTES;
        },
        onResponseData(current, chunk) {
          // A redirect's body is read and dropped, as undici's `dump()` would.
          if (status >= 300 && status < 400) return;
          size += chunk.length;
          if (size > limit) {
            tooLarge = true;
            current.abort(new RangeError(`answer over ${limit} bytes`));
            return;
          }
          chunks.push(chunk);
        },
        onResponseEnd() {
          if (status >= 300 && status < 400) {
            finish({ kind: 'response', status, headers, json: undefined, unreadable: false });
            return;
          }
          const text =
            chunks.length === 1
              ? chunks[0]!.toString('utf8')
              : Buffer.concat(chunks).toString('utf8');
          finish({ kind: 'response', status, headers, ...parseJson(text) });
        },
        onResponseError(_controller, error) {
          if (tooLarge && !deadlinePassed) {
            finish({ kind: 'response', status, headers, ...parseJson(undefined) });
          } else {
            finish(failed(error, deadlinePassed));
          }
        },
      },
    );
  });
}

/** Sends `call`; a 2xx body is handed over unread, any other read (up to 64 KiB) as JSON. */
export async function exchangeStream(
  dispatcher: Dispatcher,
  call: UpstreamRequest,
  timeouts: UpstreamTimeouts,
): Promise<UpstreamResult> {
  let response: Dispatcher.ResponseData;
  try {
    response = await request(call.url, {
      dispatcher,
      method: call.method,
      headers: call.headers,
      body: call.body ?? null,
      headersTimeout: timeouts.binaryFirstByteMs,
      bodyTimeout: timeouts.binaryIdleMs,
    });
  } catch (cause) {
    return failed(cause);
  }
  const { statusCode: status, headers } = response;
  try {
    if (status >= 300 && status < 400) {
      await response.body.dump();
      return { kind: 'response', status, headers, json: undefined, unreadable: false };
    }
    if (status >= 200 && status < 300) {
      return {
        kind: 'response',
        status,
        headers,
        json: undefined,
        unreadable: false,
        stream: response.body,
      };
    }
    const text = await readLimited(response.body, MAX_ERROR_BYTES);
    return { kind: 'response', status, headers, ...parseJson(text) };
  } catch (cause) {
    response.body.destroy();
    return failed(cause);
  }
}
