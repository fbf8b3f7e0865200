/**
 * The session store (Redis) failing, and one of two BFF instances going away mid-session: a
 * clear answer every time, and the session where Redis still has it.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { createRedisStore } from '../../../src/session/redis-store';
import {
  PUBLIC_ORIGIN,
  type Browser,
  createForgedCis2,
  roundTripWith,
  sessionCookieSet,
  startBffWithForgedCis2,
  startRedis,
  type TestRedis,
} from '../../support/harness';
import { expectProblem, type FaultRow } from './fault';

const CSRF = { 'X-CSRF': '1' };

/** A fresh Redis, a BFF on it with the forged CIS2, and a browser signed in. */
async function signedInOnRedis(redis: TestRedis) {
  const config = {
    REDIS_URL: redis.url,
    SESSION_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
    // The test Redis speaks plain text on loopback, which the config allows only this way.
    ALLOW_INSECURE_HTTP: 'local',
  };
  const store = createRedisStore({ url: redis.url, commandTimeoutMs: 500 });
  const forged = await createForgedCis2();
  const bff = await startBffWithForgedCis2({ config, forged, store });
  const { browser } = await roundTripWith(bff);
  expect((await browser.user()).status).toBe(200);
  return { bff, store, forged, config, browser };
}

function onRedis(fault: string, run: (redis: TestRedis) => Promise<void>): FaultRow {
  return {
    dependency: 'session store',
    fault,
    async run() {
      const redis = await startRedis();
      try {
        await run(redis);
      } finally {
        await redis.stop();
      }
    },
  };
}

export const STORE_FAULTS: FaultRow[] = [
  onRedis('Redis down: /bff/user answers a problem, not a hang or a sign-out', async (redis) => {
    const { bff, store, browser } = await signedInOnRedis(redis);
    await redis.stop();
    try {
      // Fails closed with a problem to retry, never a 401 (which the SPA reads as signed out).
      await expectProblem(
        await browser.fetch('/bff/user', { headers: CSRF }),
        503,
        'service_unavailable',
      );
    } finally {
      await bff.close();
      await store.close();
    }
  }),
  onRedis('Redis down: an e-RS request is refused before e-RS is asked', async (redis) => {
    const { bff, store, browser } = await signedInOnRedis(redis);
    await redis.stop();
    try {
      await expectProblem(
        await browser.fetch('/api/referrals/000000070000', { headers: CSRF }),
        503,
        'service_unavailable',
      );
      expect(bff.forged.apimRequests()).toHaveLength(1);
    } finally {
      await bff.close();
      await store.close();
    }
  }),
  onRedis(
    'Redis down at the callback: 503 service_unavailable, no session cookie',
    async (redis) => {
      const { bff, store } = await signedInOnRedis(redis);
      try {
        const browser = bff.browser();
        const { location } = await bff.login(browser);
        await redis.stop();
        const callback = await bff.callback(browser, bff.forged.authorize(location));
        expect(callback.response.status).toBe(503);
        expect(JSON.parse(callback.response.body)).toMatchObject({ code: 'service_unavailable' });
        expect(sessionCookieSet(callback.response.headers)).toBe(false);
      } finally {
        await bff.close();
        await store.close();
      }
    },
  ),
  onRedis(
    'Redis restarted empty: the session has ended (401), and signing in again works',
    async (redis) => {
      const { bff, store, browser } = await signedInOnRedis(redis);
      const port = new URL(redis.url).port;
      await redis.stop();
      const restarted = await startRedis({ port: Number(port) });
      try {
        let status = 0;
        // The client reconnects with back-off: until then the store answers 503, never a hang.
        for (let tries = 0; tries < 40 && status !== 401; tries += 1) {
          const response = await browser.fetch('/bff/user', { headers: CSRF });
          status = response.status;
          await response.body?.cancel();
          expect([401, 503]).toContain(status);
          if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(status).toBe(401);
        const again = await roundTripWith(bff);
        expect(sessionCookieSet(again.response.headers)).toBe(true);
      } finally {
        await bff.close();
        await store.close();
        await restarted.stop();
      }
    },
  ),
  onRedis('one of two BFF instances killed mid-session: the other carries on', async (redis) => {
    const first = await signedInOnRedis(redis);
    const secondStore = createRedisStore({ url: redis.url, commandTimeoutMs: 500 });
    const second = await startBffWithForgedCis2({
      config: first.config,
      forged: first.forged,
      store: secondStore,
    });
    try {
      await first.bff.close();
      await first.store.close();
      const browser: Browser = first.browser;
      browser.app = second.app;
      const user = await browser.request(`${PUBLIC_ORIGIN}/bff/user`, { headers: CSRF });
      expect(user.status).toBe(200);
    } finally {
      await second.close();
      await secondStore.close();
    }
  }),
];
