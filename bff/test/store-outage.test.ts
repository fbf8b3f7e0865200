/**
 * A session store that stops answering (Redis frozen, a silent network): every request that
 * needs it fails closed with a 503 when the store's 2 s deadline passes, never hangs, and never
 * acts without the store. The SPA's fetch gets a problem; a browser navigation (sign-in, the
 * sign-out form) gets a page. The deadline is driven with fake timers, so the tests show that
 * the deadline ended each request, not how fast this machine is. Over real HTTP with a real
 * Redis frozen by SIGSTOP at the end.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STORE_DEADLINE_MS } from '../src/session/store';
import { createMemoryStore } from '../src/session/memory-store';
import {
  Browser,
  capture,
  freezableStore,
  problemOf,
  roundTripWith,
  sessionCookieSet,
  signIn,
  startBffWithForgedCis2,
  startLocalEnvironment,
  startRedis,
} from './support/harness';
import { untilArrived } from './support/until-arrived';

/** What a browser sends for a top-level navigation. */
const NAVIGATION = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-dest': 'document',
  'sec-fetch-site': 'same-origin',
};

async function signedInWithFreezableStore() {
  const frozen = freezableStore(createMemoryStore());
  const bff = await startBffWithForgedCis2({ store: frozen.store });
  const { browser } = await roundTripWith(bff);
  expect((await browser.user()).status).toBe(200);
  return { bff, browser, frozen };
}

/** Lets the request run until it waits on the frozen store (its deadline timer is then set). */
async function untilHeld(frozen: ReturnType<typeof freezableStore>, count = 1) {
  await untilArrived(() => frozen.held() >= count, 'the frozen store');
}

/** Starts `request` with the store frozen and moves the fake clock to the store's deadline. */
async function atTheDeadline<T>(
  frozen: ReturnType<typeof freezableStore>,
  request: () => Promise<T>,
) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  frozen.freeze();
  let settled = false;
  const pending = request().finally(() => (settled = true));
  await untilHeld(frozen);
  await vi.advanceTimersByTimeAsync(STORE_DEADLINE_MS - 1);
  expect(settled, 'answered before the deadline').toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  const result = await pending;
  vi.useRealTimers();
  return result;
}

describe('a frozen session store, in process', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('the SPA’s call fails at the deadline with a 503 problem, and the session survives the thaw', async () => {
    const { bff, browser, frozen } = await signedInWithFreezableStore();
    const logsBefore = bff.logs.length;
    const user = await atTheDeadline(frozen, () =>
      browser.fetch('/bff/user', { headers: { 'X-CSRF': '1' } }),
    );
    expect(user.status).toBe(503);
    const problem = await problemOf(user);
    expect(problem.code).toBe('service_unavailable');
    expect(String(problem.detail)).not.toMatch(/redis|127\.0\.0\.1|deadline/i);
    const refusal = bff.logs.slice(logsBefore).find((line) => line.msg === 'request refused');
    expect(refusal?.reason).toMatch(
      /DeadlineError: session store get did not answer within 2000 ms/,
    );

    frozen.thaw();
    expect((await browser.user()).status).toBe(200);
  });

  it('an e-RS call fails the same way rather than reaching e-RS without a session', async () => {
    const { browser, frozen } = await signedInWithFreezableStore();
    const response = await atTheDeadline(frozen, () =>
      browser.fetch('/api/acting-context', { headers: { 'X-CSRF': '1' } }),
    );
    expect(response.status).toBe(503);
    expect((await problemOf(response)).code).toBe('service_unavailable');
  });

  it('the start of a sign-in needs no store: it still redirects to CIS2', async () => {
    // The sign-in transaction rides sealed in the login cookie, so a frozen store cannot stop it.
    const { bff, frozen } = await signedInWithFreezableStore();
    frozen.freeze();
    const started = await bff.browser().fetch('/bff/login?returnTo=%2F', { headers: NAVIGATION });
    frozen.thaw();
    expect(started.status).toBe(302);
  });

  it('CIS2’s redirect back, a navigation, gets the page and no session', async () => {
    const frozen = freezableStore(createMemoryStore());
    const bff = await startBffWithForgedCis2({ store: frozen.store });
    const browser = bff.browser();
    const { location } = await bff.login(browser);
    const callbackUrl = bff.forged.authorize(location);
    const page = await atTheDeadline(frozen, () =>
      browser.fetch(callbackUrl, { headers: NAVIGATION }),
    );
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('<h1>Sorry, the service is unavailable</h1>');
    expect(html).toContain(`Correlation ID: ${page.headers.get('x-correlation-id') ?? 'missing'}`);
    expect(html).not.toMatch(/<script/i);
    expect(sessionCookieSet(page.headers)).toBe(false);
    frozen.thaw();
    expect((await browser.user()).status).toBe(401);
  });

  it('the sign-out form, a POST navigation, gets the page too', async () => {
    const { browser, frozen } = await signedInWithFreezableStore();
    const page = await atTheDeadline(frozen, () =>
      browser.fetch('/bff/logout', {
        method: 'POST',
        headers: { ...NAVIGATION, 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      }),
    );
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('Sorry, the service is unavailable');
  });

  it('a browser that sends no Fetch Metadata is known by its Accept header', async () => {
    const frozen = freezableStore(createMemoryStore());
    const bff = await startBffWithForgedCis2({ store: frozen.store });
    const browser = bff.browser();
    const { location } = await bff.login(browser);
    const callbackUrl = bff.forged.authorize(location);
    const page = await atTheDeadline(frozen, () =>
      browser.fetch(callbackUrl, { headers: { accept: NAVIGATION.accept } }),
    );
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('readiness says not ready by the deadline', async () => {
    const { bff, frozen } = await signedInWithFreezableStore();
    const ready = await atTheDeadline(frozen, async () => bff.app.request('/health/ready'));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ store: false });
  });
});

describe('a refusal met by a navigation stays a problem', () => {
  it('only failures on our side become a page', async () => {
    const bff = await startBffWithForgedCis2();
    const refused = await bff
      .browser()
      .fetch('/bff/user', { headers: { ...NAVIGATION, 'X-CSRF': '1' } });
    expect(refused.status).toBe(401);
    expect((await problemOf(refused)).code).toBe('not_signed_in');
  });
});

/** A CIS2 stand-in persona (fixtures/personas): a service provider clinician. */
const SPC = '555032006106';

describe('a real Redis frozen by SIGSTOP, over HTTP', () => {
  it('ends the request with a 503 at the deadline; the session is there after the thaw', async () => {
    const frozen = await startRedis();
    const logs = capture();
    const env = await startLocalEnvironment({
      logDestination: logs.destination,
      env: {
        REDIS_URL: frozen.url,
        SESSION_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
      },
    });
    try {
      const browser = new Browser();
      await signIn(browser, env.origin, SPC);
      expect((await browser.user(env.origin)).status).toBe(200);

      frozen.freeze();
      const user = await browser.user(env.origin);
      expect(user.status).toBe(503);
      expect(JSON.parse(user.body)).toMatchObject({ code: 'service_unavailable' });
      // The deadline ended it (node-redis alone would have waited for the thaw).
      expect(JSON.stringify(logs.lines)).toMatch(/DeadlineError: session store get/);

      frozen.thaw();
      expect((await browser.user(env.origin)).status).toBe(200);
    } finally {
      frozen.thaw();
      await env.close();
      await frozen.stop();
    }
  });
});
