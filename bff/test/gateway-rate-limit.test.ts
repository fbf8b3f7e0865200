/**
 * e-RS allows 10 requests a second per application. The limiter is checked on its own (token
 * bucket in memory; sliding window over the shared store, memory and real Redis), then through
 * the app: the eleventh call in a second waits, or, if waiting would take too long, is refused
 * with 503 service_busy before reaching e-RS.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createStoreRateLimiter,
  createTokenBucketLimiter,
  type RateLimiter,
} from '../src/ers/rate-limiter';
import { createMemoryStore } from '../src/session/memory-store';
import { createRedisStore } from '../src/session/redis-store';
import type { KeyValueStore } from '../src/session/store';
import {
  problemOf,
  redisForTests,
  specExample,
  startGateway,
  type Gateway,
} from './support/harness';

async function takeMany(limiter: RateLimiter, count: number) {
  return Promise.all(Array.from({ length: count }, () => limiter.take()));
}
const granted = (permits: { granted: boolean }[]) =>
  permits.filter((permit) => permit.granted).length;

describe('token bucket (one instance)', () => {
  it('grants 10 at once, tells the 11th when to come back, refills at 10 a second', async () => {
    let now = 0;
    const limiter = createTokenBucketLimiter({ perSecond: 10, burst: 10 }, () => now);
    const permits = await takeMany(limiter, 11);
    expect(granted(permits)).toBe(10);
    expect(permits[10]).toEqual({ granted: false, retryAfterMs: 100 });
    now += 100;
    expect(await limiter.take()).toEqual({ granted: true });
    expect((await limiter.take()).granted).toBe(false);
    now += 1000;
    expect(granted(await takeMany(limiter, 11))).toBe(10);
  });

  it('never lets more than 10 through in any second of steady load', async () => {
    let now = 0;
    const limiter = createTokenBucketLimiter({ perSecond: 10, burst: 10 }, () => now);
    await takeMany(limiter, 10);
    let through = 0;
    for (; now < 1000; now += 10) if ((await limiter.take()).granted) through += 1;
    expect(through).toBeLessThanOrEqual(10);
  });

  it('refuses a nonsensical limit at start-up', () => {
    expect(() => createTokenBucketLimiter({ perSecond: 0 })).toThrow(RangeError);
  });
});

const redis = redisForTests();
beforeAll(() => redis.start());
afterAll(() => redis.stop());

describe.each([
  ['memory store', () => createMemoryStore()],
  ['Redis', () => createRedisStore({ url: redis.url(), keyPrefix: `rate-${Math.random()}:` })],
] as const)('sliding window over the shared store (%s)', (_name, makeStore) => {
  const stores: KeyValueStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('two instances share one limit of 10 a second', async () => {
    const store = makeStore();
    stores.push(store);
    let now = 5_000_000;
    const a = createStoreRateLimiter({ store, now: () => now });
    const b = createStoreRateLimiter({ store, now: () => now });
    const permits = [...(await takeMany(a, 6)), ...(await takeMany(b, 5))];
    expect(granted(permits)).toBe(10);
    const refused = permits.find((permit) => !permit.granted);
    expect(refused).toMatchObject({ granted: false });
    expect(refused && !refused.granted && refused.retryAfterMs).toBeGreaterThan(0);
    // Half way through the next second half of the last 10 count. Had the refused call kept
    // its slot (11), only 4 more would fit; it gave it back, so 5 do.
    now += 1500;
    expect(granted(await takeMany(a, 6))).toBe(5);
  });

  it('the previous second still counts, weighted by how much of it is in the window', async () => {
    const store = makeStore();
    stores.push(store);
    let now = 7_000_000;
    const limiter = createStoreRateLimiter({ store, now: () => now });
    expect(granted(await takeMany(limiter, 10))).toBe(10);
    now += 1000 + 100; // 10% into the next window: 90% of the last 10 still count
    expect(granted(await takeMany(limiter, 5))).toBe(1);
    now += 500; // 60% in: 4 of the last 10 count, plus the 1 granted
    expect(granted(await takeMany(limiter, 10))).toBe(5);
  });

  it('lets calls through when the store fails (e-RS still enforces its limit)', async () => {
    const store = makeStore();
    await store.close();
    const errors: unknown[] = [];
    const limiter = createStoreRateLimiter({ store, onStoreError: (error) => errors.push(error) });
    expect(await limiter.take()).toEqual({ granted: true });
    expect(errors).toHaveLength(1);
  });
});

describe('through the app', () => {
  const UBRN = '000000070001';
  let gw: Gateway;
  afterEach(() => gw?.close());

  function serveReferral() {
    gw.upstream.on('GET', `/referrals/FHIR/STU3/ReferralRequest/${UBRN}`, {
      status: 200,
      body: specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs'),
    });
  }

  it('11 calls in one second: the 11th waits for a token, then goes', async () => {
    let now = 0;
    gw = await startGateway({
      client: {
        limiter: createTokenBucketLimiter({ perSecond: 10, burst: 10 }, () => now),
        maxQueueMs: 2000,
        // Waiting moves the limiter's clock: no real time passes in this test.
        sleep: async (ms) => {
          now += ms;
        },
      },
    });
    serveReferral();
    const responses = await Promise.all(
      Array.from({ length: 11 }, () => gw.request(`/api/referrals/${UBRN}`)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(11).fill(200));
    expect(gw.upstream.calls).toHaveLength(11);
    expect(now).toBeGreaterThanOrEqual(100);
    expect(now).toBeLessThanOrEqual(2000);
  });

  it('11 calls in one second with no time to wait: the 11th is refused before e-RS, 503 service_busy', async () => {
    gw = await startGateway({
      client: {
        limiter: createTokenBucketLimiter({ perSecond: 10, burst: 10 }, () => 0),
        maxQueueMs: 50,
      },
    });
    serveReferral();
    const responses = await Promise.all(
      Array.from({ length: 11 }, () => gw.request(`/api/referrals/${UBRN}`)),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    const refused = responses.find((response) => response.status === 503)!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await problemOf(refused)).toMatchObject({ code: 'service_busy' });
    expect(gw.upstream.calls).toHaveLength(10);
  });

  it('retries take permits too', async () => {
    let now = 0;
    gw = await startGateway({
      client: {
        limiter: createTokenBucketLimiter({ perSecond: 10, burst: 1 }, () => now),
        maxQueueMs: 0,
        sleep: async (ms) => {
          now += ms;
        },
      },
    });
    gw.upstream.on(
      'GET',
      `/referrals/FHIR/STU3/ReferralRequest/${UBRN}`,
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 200, body: specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs') },
    );
    const response = await gw.request(`/api/referrals/${UBRN}`);
    // One token, spent on the first attempt: the retry is refused by our own limiter.
    expect(response.status).toBe(503);
    expect(gw.upstream.calls).toHaveLength(1);
  });
});
