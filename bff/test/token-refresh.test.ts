/**
 * APIM token refresh against the real stand-ins: concurrent API calls at token expiry make
 * exactly one refresh, in one process and across two BFF instances sharing Redis. The BFF
 * instances' clocks are moved on instead of waiting ten minutes.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  redisForTests,
  serveBff,
  signIn,
  startLocalEnvironment,
  type LocalEnvironment,
  type ServedBff,
  WITHOUT_RATE_LIMITS,
} from './support/harness';

const CSRF = { 'X-CSRF': '1' };
/** 599 s tokens; 560 s on, fewer than 60 s remain: time to refresh. */
const LATER_MS = 560_000;
const redis = redisForTests();

type Instance = ServedBff & {
  stats: { refreshes: number; reExchanges: number; waitedForRefresh: number };
};

async function laterInstance(env: LocalEnvironment): Promise<Instance> {
  const stats = { refreshes: 0, reExchanges: 0, waitedForRefresh: 0 };
  const served = await serveBff(env.config, {
    now: () => Date.now() + LATER_MS,
    tokenEvents: (event) => {
      if (event === 'refreshed') stats.refreshes += 1;
      else if (event === 're_exchanged') stats.reExchanges += 1;
      else if (event === 'joined_in_process' || event === 'waited_for_lock') {
        stats.waitedForRefresh += 1;
      }
    },
  });
  return { ...served, stats };
}

let env: LocalEnvironment;
beforeAll(async () => {
  await redis.start();
  // Eight calls at once from one session, after the sign-in's own, are more than its share of
  // e-RS (5/s) and, with the A030 calls, can pass the application's 10/s in Redis's sliding
  // window on a slow run: both limits are tested on their own (gateway-fair-share.test.ts,
  // gateway-rate-limit.test.ts); here it is the refresh.
  env = await startLocalEnvironment({
    logLevel: 'silent',
    standinRateLimitPerSecond: WITHOUT_RATE_LIMITS.standinRateLimitPerSecond,
    env: {
      ...WITHOUT_RATE_LIMITS.env,
      REDIS_URL: redis.url(),
      SESSION_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
    },
  });
});
afterAll(async () => {
  await env?.close();
  await redis.stop();
});

const tokensSentSince = (index: number) =>
  new Set(
    env.apimErs.ersRequests.slice(index).map((request) => String(request.headers.authorization)),
  );

describe('APIM token refresh at expiry', () => {
  it('8 concurrent calls in one process make one refresh, and all use the new token', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, '555032006106');
    const instance = await laterInstance(env);
    try {
      const from = env.apimErs.ersRequests.length;
      env.apimErs.resetRateLimit();
      const responses = await Promise.all(
        Array.from({ length: 8 }, () =>
          browser.request(`${instance.origin}/api/referrals/000000070000`, { headers: CSRF }),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
      expect(instance.stats.refreshes).toBe(1);
      expect(instance.stats.reExchanges).toBe(0);
      const sent = tokensSentSince(from);
      expect(sent.size).toBe(1);
      const [bearer] = [...sent];
      expect(env.apimErs.accessToken(bearer!.replace('Bearer ', ''))).toBeDefined();
    } finally {
      await instance.close();
    }
  });

  it('concurrent calls on two instances sharing Redis make one refresh between them', async () => {
    const browser = new Browser();
    await signIn(browser, env.origin, '555032006106');
    const [first, second] = [await laterInstance(env), await laterInstance(env)];
    try {
      env.apimErs.resetRateLimit();
      const from = env.apimErs.ersRequests.length;
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          browser.request(`${(index % 2 ? first : second).origin}/api/referrals/000000070000`, {
            headers: CSRF,
          }),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
      expect(first.stats.refreshes + second.stats.refreshes).toBe(1);
      expect(tokensSentSince(from).size).toBe(1);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
