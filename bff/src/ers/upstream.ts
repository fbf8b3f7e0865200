/**
 * Every call to e-RS (or, for attachments, the object store it redirects to) over a keep-alive
 * undici Agent, with what every call needs: the rate limit, timeouts, and retries with
 * `Retry-After` or back-off. The exchange itself is exchange.ts; what the answer means is
 * decided by the caller (connection.ts).
 *
 * Why undici and not `fetch`: measured on our build machines, a Hono handler calling upstream
 * with the global `fetch` cost about 3.3x the CPU of a bare node:http proxy per call, undici's
 * `request` about 1.8x (no WHATWG Request/Response/stream objects per call). The dispatcher is
 * injectable: tests pass a MockAgent, the local environment points at the stand-in.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Span } from '@opentelemetry/api';
import { Agent, type Dispatcher } from 'undici';
import { recordRateLimitWait, recordUpstream } from '../observability/metrics';
import {
  ATTR,
  recordFailure,
  recordStatus,
  traceUpstream,
  type UpstreamService,
} from '../observability/telemetry';
import {
  DEFAULT_TIMEOUTS,
  exchangeJson,
  exchangeStream,
  header,
  type UpstreamRequest,
  type UpstreamResult,
  type UpstreamTimeouts,
} from './exchange';
import { queueFor, type KeyedRateLimiter, type Queued, type RateLimiter } from './rate-limiter';
import { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter, type RetryPolicy } from './retry';

export {
  DEFAULT_TIMEOUTS,
  header,
  type UpstreamHeaders,
  type UpstreamRequest,
  type UpstreamResult,
  type UpstreamTimeouts,
} from './exchange';

/** The keep-alive pool e-RS calls share (one per BFF process). */
export function createErsAgent(): Agent {
  return new Agent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    connections: 32,
    connect: { timeout: 5_000 },
  });
}

export type UpstreamOptions = {
  /** Who is called, for spans and metrics (e-RS unless said). */
  service?: UpstreamService | undefined;
  dispatcher?: Dispatcher | undefined;
  limiter?: RateLimiter | undefined;
  /** Each session's share of `limiter`, taken first (`sessionShare`). None: no per-session share. */
  sessionLimiter?: KeyedRateLimiter | undefined;
  /** How long a call may queue for a rate-limit permit (each limit's in turn) before `busy`. */
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

export function createUpstream(options: UpstreamOptions = {}) {
  const dispatcher = options.dispatcher ?? createErsAgent();
  const ownsDispatcher = options.dispatcher === undefined;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const maxQueueMs = options.maxQueueMs ?? DEFAULT_MAX_QUEUE_MS;
  const { limiter, sessionLimiter } = options;
  const service = options.service ?? 'e-RS';

  const attempt = (call: UpstreamRequest): Promise<UpstreamResult> =>
    call.expect === 'json'
      ? exchangeJson(dispatcher, call, timeouts.jsonMs)
      : exchangeStream(dispatcher, call, timeouts);

  async function sendWithRetries(call: UpstreamRequest, span: Span): Promise<UpstreamResult> {
    let waitedMs = 0;
    for (let attemptNo = 1; ; attemptNo += 1) {
      span.setAttribute(ATTR.attempts, attemptNo);
      let queuedMs = 0;
      if (call.rateLimited && limiter) {
        const granted = await queueFor(() => limiter.take(), maxQueueMs, sleep);
        if (!granted.ok) {
          recordRateLimitWait(service, 'application', 'refused');
          call.log?.warn({ ersOperation: call.label }, 'rate limit reached: not calling');
          return { kind: 'busy', retryAfterMs: granted.retryAfterMs };
        }
        queuedMs = granted.waitedMs;
        if (queuedMs > 0) {
          recordRateLimitWait(service, 'application', 'waited');
          span.setAttribute(ATTR.queuedMs, queuedMs);
        }
      }
      const started = performance.now();
      const result = await attempt(call);
      recordUpstream(
        service,
        call.label,
        (performance.now() - started) / 1000,
        result.kind === 'response' ? { status: result.status } : { failure: result.kind },
      );
      if (call.log?.isLevelEnabled('info')) {
        call.log.info(
          {
            ersOperation: call.label,
            attempt: attemptNo,
            ...(queuedMs > 0 ? { queuedMs } : {}),
            ...(result.kind === 'response'
              ? { status: result.status, ersRequestId: header(result.headers, 'x-request-id') }
              : { failure: result.kind }),
            ms: Math.round(performance.now() - started),
          },
          'upstream call',
        );
      }
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
  }

  return {
    /**
     * Sends `call`, retrying a retry-safe one after 429 or 503 (never after a 2xx body has
     * started streaming: a stream is only ever handed over, not re-fetched). One client span for
     * the call, retries included.
     */
    send(call: UpstreamRequest): Promise<UpstreamResult> {
      return traceUpstream(service, call.label, async (span) => {
        span.setAttribute(ATTR.serverAddress, call.url.hostname);
        const result = await sendWithRetries(call, span);
        if (result.kind === 'response') recordStatus(span, result.status);
        else recordFailure(span, result.kind);
        return result;
      });
    },

    /**
     * Waits for `key`'s (one session's) share of the e-RS limit, up to the same bound; the
     * caller takes it before each e-RS call, ahead of the application's permit in `send`.
     */
    async sessionShare(key: string): Promise<Queued> {
      if (!sessionLimiter) return { ok: true, waitedMs: 0 };
      const queued = await queueFor(() => sessionLimiter.take(key), maxQueueMs, sleep);
      if (!queued.ok) recordRateLimitWait(service, 'session', 'refused');
      else if (queued.waitedMs > 0) recordRateLimitWait(service, 'session', 'waited');
      return queued;
    },

    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}
