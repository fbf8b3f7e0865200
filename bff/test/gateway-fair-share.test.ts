/**
 * Fair share of e-RS: every clinician shares one application limit (10 requests/s on live), so
 * each session first takes a permit from its own, smaller share. One session flooding the BFF
 * queues behind itself; another session's requests meanwhile get their turn within one interval
 * of its bucket, with no service_busy.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createKeyedTokenBucketLimiter,
  createStoreKeyedLimiter,
  createStoreRateLimiter,
  createTokenBucketLimiter,
  type KeyedRateLimiter,
  type RateLimiter,
} from '../src/ers/rate-limiter';
import { createMemoryStore } from '../src/session/memory-store';
import { createRedisStore } from '../src/session/redis-store';
import type { KeyValueStore } from '../src/session/store';
import {
  problemOf,
  recordingStore,
  redisForTests,
  specExample,
  startGateway,
  type Gateway,
} from './support/harness';

const granted = (permits: { granted: boolean }[]) =>
  permits.filter((permit) => permit.granted).length;

describe('a share per session', () => {
  it('in memory: each key has its own bucket, refilled at its own rate', async () => {
    let now = 0;
    const limiter = createKeyedTokenBucketLimiter({ perSecond: 5, burst: 5 }, () => now);
    const a = await Promise.all(Array.from({ length: 6 }, () => limiter.take('a')));
    expect(granted(a)).toBe(5);
    expect(a[5]).toEqual({ granted: false, retryAfterMs: 200 });
    expect(await limiter.take('b')).toEqual({ granted: true });
    now += 200;
    expect(await limiter.take('a')).toEqual({ granted: true });
    expect((await limiter.take('a')).granted).toBe(false);
  });

  it('in memory: sweeping quiet sessions away never forgets a session still waiting', async () => {
    let now = 0;
    const limiter = createKeyedTokenBucketLimiter({ perSecond: 5, burst: 5 }, () => now);
    await Promise.all(Array.from({ length: 5 }, () => limiter.take('busy')));
    // Enough other sessions to make the limiter sweep its full buckets away.
    for (let key = 0; key < 3000; key += 1) await limiter.take(`quiet-${key}`);
    now += 100;
    for (let key = 3000; key < 6000; key += 1) await limiter.take(`quiet-${key}`);
    expect(await limiter.take('busy')).toEqual({ granted: false, retryAfterMs: 100 });
  });

  it('through the store: instances share each session`s share, and no session id is a key', async () => {
    const { store, operations } = recordingStore(createMemoryStore());
    const now = () => 9_000_000;
    const limit = { perSecond: 5 };
    const one = createStoreKeyedLimiter({ store, limit, now });
    const two = createStoreKeyedLimiter({ store, limit, now });
    const sessionId = 'secret-session-id-of-a';
    const permits = [
      ...(await Promise.all(Array.from({ length: 3 }, () => one.take(sessionId)))),
      ...(await Promise.all(Array.from({ length: 3 }, () => two.take(sessionId)))),
    ];
    expect(granted(permits)).toBe(5);
    expect(await two.take('another-session')).toEqual({ granted: true });
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.every((operation) => !operation.key.includes(sessionId))).toBe(true);
  });
});

const redis = redisForTests();
beforeAll(() => redis.start());
afterAll(() => redis.stop());

const SHARE_PER_SECOND = 5;
const INTERVAL_MS = 1000 / SHARE_PER_SECOND;

type Limiters = { limiter: RateLimiter; sessionLimiter: KeyedRateLimiter; store?: KeyValueStore };

describe.each([
  [
    'one instance (token buckets in memory)',
    (): Limiters => ({
      limiter: createTokenBucketLimiter({ perSecond: 10, burst: 10 }),
      sessionLimiter: createKeyedTokenBucketLimiter({
        perSecond: SHARE_PER_SECOND,
        burst: SHARE_PER_SECOND,
      }),
    }),
  ],
  [
    'instances sharing Redis (sliding windows)',
    (): Limiters => {
      const store = createRedisStore({ url: redis.url(), keyPrefix: `share-${Math.random()}:` });
      return {
        store,
        limiter: createStoreRateLimiter({ store, limit: { perSecond: 10 } }),
        sessionLimiter: createStoreKeyedLimiter({ store, limit: { perSecond: SHARE_PER_SECOND } }),
      };
    },
  ],
] as const)('one session flooding, another working: %s', (_name, makeLimiters) => {
  const UBRN = '000000070001';
  let gw: Gateway;
  let store: KeyValueStore | undefined;
  afterEach(async () => {
    await gw?.close();
    await store?.close();
  });

  it('60 concurrent requests from one session: the other`s 10 paced requests wait at most one interval, none busy', async () => {
    const limiters = makeLimiters();
    store = limiters.store;
    gw = await startGateway({
      client: {
        // Live e-RS's application limit and the default share, on the real clock.
        limiter: limiters.limiter,
        sessionLimiter: limiters.sessionLimiter,
        maxQueueMs: 2000,
        sleep: (ms) => delay(ms),
      },
    });
    gw.upstream.on('GET', `/referrals/FHIR/STU3/ReferralRequest/${UBRN}`, {
      status: 200,
      body: specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs'),
    });
    const flooder = await gw.signIn({ sub: '555032000001' });
    const other = await gw.signIn({ sub: '555032000002' });

    const flood = Promise.all(
      Array.from({ length: 60 }, () =>
        gw.request(`/api/referrals/${UBRN}`, { sessionId: flooder }),
      ),
    );
    const paced: Response[] = [];
    for (let i = 0; i < 10; i += 1) {
      paced.push(await gw.request(`/api/referrals/${UBRN}`, { sessionId: other }));
      // Four a second: inside the share, so any wait is the flood's doing.
      await delay(250);
    }
    const flooded = await flood;

    expect(paced.map((response) => response.status)).toEqual(Array(10).fill(200));
    const ids = new Set(paced.map((response) => response.headers.get('x-correlation-id')));
    // Every wait the limiters told the other session's requests to take: its share's and the
    // application's (the told waits, not wall-clock time, which this machine cannot promise).
    const waits = new Map<unknown, number>();
    for (const line of gw.logs) {
      if (ids.has(line.correlationId as string) && typeof line.queuedMs === 'number') {
        waits.set(line.correlationId, (waits.get(line.correlationId) ?? 0) + line.queuedMs);
      }
    }
    for (const waited of waits.values()) expect(waited).toBeLessThanOrEqual(INTERVAL_MS);

    // The flood was held to its share: what it could not get in time was refused before e-RS.
    const busy = flooded.filter((response) => response.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(await problemOf(busy[0]!)).toMatchObject({ code: 'service_busy' });
    expect(busy[0]!.headers.get('retry-after')).toBeTruthy();
    expect(gw.upstream.ersCalls().length).toBe(10 + flooded.length - busy.length);
  });
});
