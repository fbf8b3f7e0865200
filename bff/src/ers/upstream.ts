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
import { Agent, type Dispatcher } from 'undici';
import {
  DEFAULT_TIMEOUTS,
  exchangeJson,
  exchangeStream,
  header,
  type UpstreamRequest,
  type UpstreamResult,
  type UpstreamTimeouts,
} from './exchange';
import type { RateLimiter } from './rate-limiter';
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

  const attempt = (call: UpstreamRequest): Promise<UpstreamResult> =>
    call.expect === 'json'
      ? exchangeJson(dispatcher, call, timeouts.jsonMs)
      : exchangeStream(dispatcher, call, timeouts);

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
        if (call.log?.isLevelEnabled('info')) {
          call.log.info(
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
    },

    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}
