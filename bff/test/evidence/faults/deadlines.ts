/**
 * Dependencies that accept the request and never answer: a Redis frozen by SIGSTOP, a CIS2 or an
 * APIM that holds the connection open. Each ends at the deadline that applies to it, on the same
 * clear answer as an outage, and nothing is lost. The deadlines are driven with fake timers and
 * each row checks the answer is not there one millisecond before, so a row shows that the
 * deadline ended the request, not how fast this machine is.
 */
import { randomBytes } from 'node:crypto';
import { expect, vi } from 'vitest';
import { CIS2_TIMEOUT_MS } from '../../../src/auth/cis2-client';
import { APIM_TOKEN_TIMEOUT_MS } from '../../../src/apim/token-exchange';
import { READINESS_DEADLINE_MS } from '../../../src/http/readiness';
import { STORE_DEADLINE_MS } from '../../../src/session/store';
import { createRedisStore } from '../../../src/session/redis-store';
import {
  APIM_INT_TOKEN_URL,
  FORGED_RETURN_TO,
  createForgedCis2,
  expectRefused,
  roundTripWith,
  sessionCookieSet,
  startBffWithForgedCis2,
  startRedis,
  type Cis2Endpoint,
} from '../../support/harness';
import { untilArrived } from '../../support/until-arrived';
import { expectProblem, type FaultRow } from './fault';

const CSRF = { 'X-CSRF': '1' };
const SIGN_IN_QUERY = `?returnTo=${encodeURIComponent(FORGED_RETURN_TO)}`;

/**
 * Starts `request`, lets it run until `arrived` (it is then waiting on the hung dependency, its
 * deadline timer set), and moves the fake clock to `ms`: unanswered at `ms - 1`, answered at `ms`.
 */
async function atTheDeadline<T>(ms: number, arrived: () => boolean, request: () => Promise<T>) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    let settled = false;
    const pending = request().finally(() => (settled = true));
    await untilArrived(arrived, 'the hung dependency');
    await vi.advanceTimersByTimeAsync(ms - 1);
    expect(settled, 'answered before the deadline').toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled, 'still waiting at the deadline').toBe(true);
    return await pending;
  } finally {
    vi.useRealTimers();
  }
}

/** A BFF on a real Redis, a browser signed in, and the Redis frozen once `run` asks. */
function redisFrozen(
  fault: string,
  run: (setup: Awaited<ReturnType<typeof signedInOnRedis>>) => Promise<void>,
): FaultRow {
  return {
    dependency: 'session store',
    fault,
    async run() {
      const setup = await signedInOnRedis();
      try {
        await run(setup);
      } finally {
        setup.redis.thaw();
        await setup.bff.close();
        await setup.store.close();
        await setup.redis.stop();
      }
    },
  };
}

async function signedInOnRedis() {
  const redis = await startRedis();
  const store = createRedisStore({ url: redis.url, onError: () => {} });
  const bff = await startBffWithForgedCis2({
    config: {
      REDIS_URL: redis.url,
      SESSION_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
      // The test Redis speaks plain text on loopback, which the config allows only this way.
      ALLOW_INSECURE_HTTP: 'local',
    },
    store,
  });
  const { browser } = await roundTripWith(bff);
  expect((await browser.user()).status).toBe(200);
  return { redis, store, bff, browser };
}

/** CIS2 holds `endpoint`'s request until the BFF gives up on it, as a hung server would. */
function cis2Hanging(endpoint: Cis2Endpoint): FaultRow {
  return {
    dependency: 'CIS2',
    fault: `hanging at ${endpoint}: cis2_unavailable at the 10 s deadline, then sign-in works`,
    async run() {
      const bff = await startBffWithForgedCis2();
      try {
        const browser = bff.browser();
        const hangs = () => bff.forged.hanging.length > 0;
        if (endpoint === 'discovery') {
          bff.forged.script.faults = { discovery: 'hang' };
          const login = await atTheDeadline(CIS2_TIMEOUT_MS, hangs, () =>
            browser.request(`/bff/login${SIGN_IN_QUERY}`),
          );
          expect(login.headers.get('location')).toBe('/sign-in-problem?reason=cis2_unavailable');
          expect(JSON.stringify(bff.logs)).toMatch(/CIS2 discovery did not answer within/);
        } else {
          const { location } = await bff.login(browser, SIGN_IN_QUERY);
          const callbackUrl = bff.forged.authorize(location);
          bff.forged.script.faults = { [endpoint]: 'hang' };
          const callback = await atTheDeadline(CIS2_TIMEOUT_MS, hangs, () =>
            bff.callback(browser, callbackUrl),
          );
          const what = endpoint === 'jwks' ? 'JWKS' : endpoint;
          await expectRefused(
            bff,
            browser,
            callback,
            'cis2_unavailable',
            new RegExp(`DeadlineError: CIS2 ${what} did not answer within ${CIS2_TIMEOUT_MS} ms`),
          );
        }
        bff.forged.script.faults = {};
        const again = await roundTripWith(bff);
        expect(sessionCookieSet(again.response.headers)).toBe(true);
      } finally {
        await bff.close();
      }
    },
  };
}

/**
 * The forged CIS2 and APIM, with APIM's token endpoint holding each request while `hanging`
 * (released by the BFF's abort, as a hung server's socket is). `clock` moves the BFF's time on.
 */
async function bffWithHangingApim(config: Record<string, string> = {}) {
  const forged = await createForgedCis2();
  const apim = { hanging: false, held: 0, clockMs: 0 };
  const fetch: typeof globalThis.fetch = (input, init) => {
    const isApim = new Request(input, init).url === new URL(APIM_INT_TOKEN_URL).toString();
    if (!isApim || !apim.hanging) return forged.fetch(input, init);
    apim.held += 1;
    return new Promise<Response>((_, reject) => {
      const signal = init?.signal;
      signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
  };
  const bff = await startBffWithForgedCis2({
    config,
    forged: { ...forged, fetch },
    now: () => Date.now() + apim.clockMs,
  });
  return { bff, apim };
}

export const DEADLINE_FAULTS: FaultRow[] = [
  redisFrozen(
    'Redis frozen (SIGSTOP): 503 service_unavailable at the 2 s store deadline; the session is there after the thaw',
    async ({ redis, bff, browser }) => {
      const logsBefore = bff.logs.length;
      const operationsBefore = bff.storeOperations.length;
      redis.freeze();
      const user = await atTheDeadline(
        STORE_DEADLINE_MS,
        () => bff.storeOperations.length > operationsBefore,
        () => browser.fetch('/bff/user', { headers: CSRF }),
      );
      await expectProblem(user, 503, 'service_unavailable');
      // Our deadline ended it: node-redis alone would wait for the thaw.
      expect(JSON.stringify(bff.logs.slice(logsBefore))).toMatch(
        /DeadlineError: session store get did not answer within 2000 ms/,
      );
      redis.thaw();
      expect((await browser.user()).status).toBe(200);
    },
  ),
  redisFrozen(
    'Redis frozen (SIGSTOP): readiness says not ready by its deadline',
    async ({ redis, bff }) => {
      redis.freeze();
      // Both timers set: the readiness deadline and the store's own on its ping.
      const ready = await atTheDeadline(
        READINESS_DEADLINE_MS,
        () => vi.getTimerCount() >= 2,
        async () => bff.app.request('/health/ready'),
      );
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ store: false, cis2: true });
    },
  ),
  cis2Hanging('discovery'),
  cis2Hanging('token'),
  cis2Hanging('userinfo'),
  cis2Hanging('jwks'),
  {
    dependency: 'APIM',
    fault: 'hanging at the token exchange: token_exchange_failed at the 15 s deadline, no session',
    async run() {
      const { bff, apim } = await bffWithHangingApim();
      try {
        const browser = bff.browser();
        const { location } = await bff.login(browser, SIGN_IN_QUERY);
        const callbackUrl = bff.forged.authorize(location);
        apim.hanging = true;
        const callback = await atTheDeadline(
          APIM_TOKEN_TIMEOUT_MS,
          () => apim.held > 0,
          () => bff.callback(browser, callbackUrl),
        );
        expect(callback.location).toBe('/sign-in-problem?reason=token_exchange_failed');
        expect(sessionCookieSet(callback.response.headers)).toBe(false);
        expect(JSON.stringify(callback.logs)).toMatch(/DeadlineError: APIM token did not answer/);
        expect((await browser.user()).status).toBe(401);
        apim.hanging = false;
        const again = await roundTripWith(bff);
        expect(sessionCookieSet(again.response.headers)).toBe(true);
      } finally {
        await bff.close();
      }
    },
  },
  {
    dependency: 'APIM',
    fault: 'hanging at renewal: a 503 to retry at the 15 s deadline, still signed in',
    async run() {
      const { bff, apim } = await bffWithHangingApim({ APIM_API_SECRET: 'apim-test-secret' });
      try {
        const { browser } = await roundTripWith(bff);
        // The access token (599 s) is now within the refresh margin; the session is not idle.
        apim.clockMs = 560_000;
        apim.hanging = true;
        const logsBefore = bff.logs.length;
        const response = await atTheDeadline(
          APIM_TOKEN_TIMEOUT_MS,
          () => apim.held > 0,
          () => browser.fetch('/api/referrals/000000070000', { headers: CSRF }),
        );
        await expectProblem(response, 503, 'upstream_unavailable');
        expect(apim.held).toBe(1);
        expect(bff.forged.unexpected).toEqual([]);
        expect(JSON.stringify(bff.logs.slice(logsBefore))).toMatch(/apim_token_unavailable/);
        expect((await browser.user()).status).toBe(200);
      } finally {
        await bff.close();
      }
    },
  },
];
