/**
 * One HTTP exchange with e-RS (or, for attachments, the object store it redirects to) on
 * undici's `request` over a keep-alive Agent. Everything every call needs lives here: the rate
 * limit, timeouts, and retries with `Retry-After` or back-off. What the answer means is decided
 * by the caller (ers-client.ts).
 *
 * Why undici `request` and not `fetch`: measured on our build machines, a Hono handler calling
 * upstream with the global `fetch` cost about 3.3x the CPU of a bare node:http proxy per call,
 * undici's `request` about 1.8x (no WHATWG Request/Response/stream objects per call). The
 * dispatcher is injectable: tests pass a MockAgent, the local environment points at the stand-in.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { Agent, errors, request, type Dispatcher } from 'undici';
import type { Logger } from '../logging/logger';
import type { RateLimiter } from './rate-limiter';
import { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter, type RetryPolicy } from './retry';

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

/** The keep-alive pool e-RS calls share (one per BFF process). */
export function createErsAgent(): Agent {
  return new Agent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    connections: 32,
    connect: { timeout: 5_000 },
  });
}

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

export type UpstreamOptions = {
  dispatcher?: Dispatcher | undefined;
  limiter?: RateLimiter | undefined;
  /** How long a call may queue for a rate-limit permit before `busy`. */
  maxQueueMs?: number | undefined;
  timeouts?: Partial<UpstreamTimeouts> | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Injectable for tests: no test waits for real back-off. */
  sleep?: ((ms: number) => Promise<unknown>) | undefined;
  random?: (() => number) | undefined;
  now?: (() => number) | undefined;
};

export const DEFAULT_MAX_QUEUE_MS = 2_000;

export type Upstream = ReturnType<typeof createUpstream>;

export function header(headers: UpstreamHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function isTimeout(error: unknown, signal: AbortSignal | undefined): boolean {
  return (
    signal?.aborted === true ||
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError ||
    (error instanceof Error && error.name === 'TimeoutError')
  );
}

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

function parseJson(text: string | undefined): { json: unknown; unreadable: boolean } {
  if (text === undefined) return { json: undefined, unreadable: true };
  if (text.trim() === '') return { json: undefined, unreadable: false };
  try {
    return { json: JSON.parse(text) as unknown, unreadable: false };
  } catch {
    return { json: undefined, unreadable: true };
  }
}

export function createUpstream(options: UpstreamOptions = {}) {
  const dispatcher = options.dispatcher ?? createErsAgent();
  const ownsDispatcher = options.dispatcher === undefined;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const maxQueueMs = options.maxQueueMs ?? DEFAULT_MAX_QUEUE_MS;

  /** Waits for a permit up to `maxQueueMs`; false when it would take longer. */
  async function permit(): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
    if (!options.limiter) return { ok: true };
    let waited = 0;
    for (;;) {
      const permit = await options.limiter.take();
      if (permit.granted) return { ok: true };
      if (waited + permit.retryAfterMs > maxQueueMs) {
        return { ok: false, retryAfterMs: permit.retryAfterMs };
      }
      await sleep(permit.retryAfterMs);
      waited += permit.retryAfterMs;
    }
  }

  /**
   * A JSON exchange has one deadline for all of it, body included; a file only for its first
   * byte, then an idle limit while it streams to the browser (undici's own timeouts).
   *
   * The deadline is a timer cleared as soon as the exchange is over, not `AbortSignal.timeout`,
   * whose timer cannot be cancelled: every call left one behind for 15 s, with its signal, and
   * at a steady rate the BFF kept paying for them (timers firing, more to collect) long after
   * the calls had been answered.
   */
  async function attempt(call: UpstreamRequest): Promise<UpstreamResult> {
    if (call.expect !== 'json') return exchange(call, undefined);
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new DOMException('e-RS took too long to answer', 'TimeoutError')),
      timeouts.jsonMs,
    );
    try {
      return await exchange(call, deadline.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  async function exchange(
    call: UpstreamRequest,
    signal: AbortSignal | undefined,
  ): Promise<UpstreamResult> {
    const json = call.expect === 'json';
    let response: Dispatcher.ResponseData;
    try {
      response = await request(call.url, {
        dispatcher,
        method: call.method,
        headers: call.headers,
        body: call.body ?? null,
        signal: signal ?? null,
        headersTimeout: json ? timeouts.jsonMs : timeouts.binaryFirstByteMs,
        bodyTimeout: json ? timeouts.jsonMs : timeouts.binaryIdleMs,
      });
    } catch (cause) {
      return isTimeout(cause, signal) ? { kind: 'timeout', cause } : { kind: 'network', cause };
    }
    const { statusCode: status, headers } = response;
    try {
      if (status >= 300 && status < 400) {
        await response.body.dump();
        return { kind: 'response', status, headers, json: undefined, unreadable: false };
      }
      if (status >= 200 && status < 300 && !json) {
        return {
          kind: 'response',
          status,
          headers,
          json: undefined,
          unreadable: false,
          stream: response.body,
        };
      }
      const limit = status < 300 ? MAX_JSON_BYTES : MAX_ERROR_BYTES;
      const text = await readLimited(response.body, limit);
      return { kind: 'response', status, headers, ...parseJson(text) };
    } catch (cause) {
      response.body.destroy();
      return isTimeout(cause, signal) ? { kind: 'timeout', cause } : { kind: 'network', cause };
    }
  }

  return {
    /**
     * Sends `call`, retrying a retry-safe one after 429 or 503 (never after a 2xx body has
     * started streaming: a stream is only ever handed over, not re-fetched).
     */
    async send(call: UpstreamRequest): Promise<UpstreamResult> {
      let waitedMs = 0;
      for (let attemptNo = 1; ; attemptNo += 1) {
        if (call.rateLimited) {
          const granted = await permit();
          if (!granted.ok) {
            call.log?.warn({ ersOperation: call.label }, 'e-RS rate limit reached: not calling');
            return { kind: 'busy', retryAfterMs: granted.retryAfterMs };
          }
        }
        const started = performance.now();
        const result = await attempt(call);
        call.log?.info(
          {
            ersOperation: call.label,
            attempt: attemptNo,
            ...(result.kind === 'response'
              ? { status: result.status, ersRequestId: header(result.headers, 'x-request-id') }
              : { failure: result.kind }),
            ms: Math.round(performance.now() - started),
          },
          'upstream call',
        );
        if (result.kind !== 'response' || (result.status !== 429 && result.status !== 503)) {
          return result;
        }
        if (!call.retrySafe || attemptNo >= policy.maxAttempts) return result;
        const retryAfter = parseRetryAfter(header(result.headers, 'retry-after'), now());
        if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) return result;
        const wait = retryAfter ?? backoffDelay(attemptNo - 1, policy, random);
        // One browser request never spends more than the policy's ceiling waiting in all.
        if (waitedMs + wait > policy.maxRetryAfterMs + policy.maxDelayMs) return result;
        await sleep(wait);
        waitedMs += wait;
      }
    },

    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}
