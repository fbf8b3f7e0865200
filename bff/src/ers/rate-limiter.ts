/**
 * e-RS allows 10 requests per second per application (live; path-to-live allows fewer), counted
 * across every BFF instance. Every e-RS call takes a permit first; a caller told to wait sleeps
 * and asks again, up to its own bound (`queueFor`), then gives up with `service_busy`.
 *
 * Every clinician shares that one limit, so each session first takes a permit from its own,
 * smaller share (a `KeyedRateLimiter` keyed by session, see retrieval.ts): a session sending
 * more than its share queues behind itself, never in front of everyone else.
 *
 * Two implementations of one interface:
 * - `createTokenBucketLimiter`: this process only (a single instance, or tests). A token bucket:
 *   `burst` tokens, refilled at `perSecond`.
 * - `createStoreRateLimiter`: shared through the KeyValueStore (Redis when configured), so N
 *   instances together stay under the limit. A sliding-window counter over the store's atomic
 *   `increment` (the nearest thing to a token bucket that needs no server-side script): the
 *   estimate is `previous window * (1 - elapsed fraction) + this window`.
 */
import { createHash } from 'node:crypto';
import type { KeyValueStore } from '../session/store';

export type Permit = { granted: true } | { granted: false; retryAfterMs: number };

export interface RateLimiter {
  /** Takes one permit now, or says how long to wait before asking again. */
  take(): Promise<Permit>;
}

/** One limit per key (a session): each key has a bucket of its own. */
export interface KeyedRateLimiter {
  take(key: string): Promise<Permit>;
}

export type RateLimit = {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed at once after a quiet spell (token bucket only). */
  burst?: number;
};

/** The live e-RS limit. */
export const ERS_RATE_LIMIT: RateLimit = { perSecond: 10, burst: 10 };

/** Nobody is told to come back sooner than this: a busy loop helps no one. */
const MIN_WAIT_MS = 5;

function checked(limit: RateLimit) {
  const burst = limit.burst ?? limit.perSecond;
  if (!(limit.perSecond > 0) || !(burst >= 1)) {
    throw new RangeError(`rate limit must be positive, got ${JSON.stringify(limit)}`);
  }
  return { perSecond: limit.perSecond, burst };
}

export function createTokenBucketLimiter(
  limit: RateLimit = ERS_RATE_LIMIT,
  now: () => number = Date.now,
): RateLimiter {
  const { perSecond, burst } = checked(limit);
  let tokens = burst;
  let refilledAt = now();
  return {
    async take() {
      const at = now();
      tokens = Math.min(burst, tokens + ((at - refilledAt) / 1000) * perSecond);
      refilledAt = at;
      if (tokens >= 1) {
        tokens -= 1;
        return { granted: true };
      }
      return {
        granted: false,
        retryAfterMs: Math.max(MIN_WAIT_MS, Math.ceil(((1 - tokens) / perSecond) * 1000)),
      };
    },
  };
}

export type StoreRateLimiterOptions = {
  store: KeyValueStore;
  limit?: RateLimit;
  now?: () => number;
  /** Names the counters in the store. */
  key?: string;
  /**
   * The store failed (Redis down). The limiter then lets the call through: e-RS still enforces
   * its limit with 429s, which we back off from, while refusing every call would take the whole
   * service down with the store.
   */
  onStoreError?: (error: unknown) => void;
};

const WINDOW_MS = 1000;

export function createStoreRateLimiter(options: StoreRateLimiterOptions): RateLimiter {
  const { store } = options;
  const { perSecond } = checked(options.limit ?? ERS_RATE_LIMIT);
  const now = options.now ?? Date.now;
  const prefix = options.key ?? 'ers-rate:';
  // Two windows are read; a third second of life covers clock skew between instances.
  const ttlMs = 3 * WINDOW_MS;

  return {
    async take() {
      const at = now();
      const window = Math.floor(at / WINDOW_MS);
      const intoWindow = at - window * WINDOW_MS;
      const current = `${prefix}${window}`;
      try {
        const count = await store.increment(current, 1, ttlMs);
        const previous = Number((await store.get(`${prefix}${window - 1}`)) ?? 0) || 0;
        const estimate = previous * (1 - intoWindow / WINDOW_MS) + count;
        if (estimate <= perSecond) return { granted: true };
        // Not ours after all: give the slot back so waiting callers are not starved.
        await store.increment(current, -1, ttlMs);
        const untilNextWindow = WINDOW_MS - intoWindow;
        const untilDecayed =
          previous > 0
            ? Math.ceil(((estimate - perSecond) / previous) * WINDOW_MS)
            : untilNextWindow;
        return {
          granted: false,
          retryAfterMs: Math.max(MIN_WAIT_MS, Math.min(untilNextWindow, untilDecayed)),
        };
      } catch (error) {
        options.onStoreError?.(error);
        return { granted: true };
      }
    },
  };
}

/**
 * One token bucket per key in this process. A bucket that has refilled completely is the same as
 * no bucket, so those are dropped whenever the map has doubled since the last sweep: memory
 * follows the sessions active in the last `burst / perSecond` seconds, not every session seen.
 */
export function createKeyedTokenBucketLimiter(
  limit: RateLimit,
  now: () => number = Date.now,
): KeyedRateLimiter {
  const { perSecond, burst } = checked(limit);
  const buckets = new Map<string, { tokens: number; refilledAt: number }>();
  const fullAfterMs = (burst / perSecond) * 1000;
  let sweepAt = 1024;

  function sweep(at: number) {
    for (const [key, bucket] of buckets) {
      if (at - bucket.refilledAt >= fullAfterMs) buckets.delete(key);
    }
    sweepAt = Math.max(1024, buckets.size * 2);
  }

  return {
    async take(key) {
      const at = now();
      if (buckets.size >= sweepAt) sweep(at);
      const bucket = buckets.get(key) ?? { tokens: burst, refilledAt: at };
      bucket.tokens = Math.min(
        burst,
        bucket.tokens + ((at - bucket.refilledAt) / 1000) * perSecond,
      );
      bucket.refilledAt = at;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { granted: true };
      }
      return {
        granted: false,
        retryAfterMs: Math.max(MIN_WAIT_MS, Math.ceil(((1 - bucket.tokens) / perSecond) * 1000)),
      };
    },
  };
}

/**
 * The same through the shared store, so a session whose requests reach several instances still
 * has one share. The key is hashed: a session id is a bearer secret and never a store key.
 */
export function createStoreKeyedLimiter(
  options: Omit<StoreRateLimiterOptions, 'key'> & { key?: string },
): KeyedRateLimiter {
  const prefix = options.key ?? 'ers-rate:session:';
  return {
    take(key) {
      const hashed = createHash('sha256').update(key).digest('base64url').slice(0, 22);
      return createStoreRateLimiter({ ...options, key: `${prefix}${hashed}:` }).take();
    },
  };
}

export type Queued = { ok: true; waitedMs: number } | { ok: false; retryAfterMs: number };

/**
 * Takes a permit, sleeping as told, for at most `maxQueueMs` in all; refuses at once when the
 * wait it is told would pass that bound (no point sleeping only to give up).
 */
export async function queueFor(
  take: () => Promise<Permit>,
  maxQueueMs: number,
  sleep: (ms: number) => Promise<unknown>,
): Promise<Queued> {
  let waitedMs = 0;
  for (;;) {
    const permit = await take();
    if (permit.granted) return { ok: true, waitedMs };
    if (waitedMs + permit.retryAfterMs > maxQueueMs) {
      return { ok: false, retryAfterMs: permit.retryAfterMs };
    }
    await sleep(permit.retryAfterMs);
    waitedMs += permit.retryAfterMs;
  }
}
