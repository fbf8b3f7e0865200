/**
 * A BFF restart with the memory store ends every session: the user is told that is why, rather
 * than bounced to sign in with no reason. Each "restart" is a new in-process BFF with a store of
 * its own, as a new process would have; the browser keeps its cookie across it.
 */
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './support/cookies';
import {
  expectSignedIn,
  roundTripWith,
  startBffWithForgedCis2,
  type ForgedCis2Bff,
} from './support/harness';

/** A new process of the same BFF: same configuration and CIS2, an empty memory store. */
const restart = (bff: ForgedCis2Bff) => startBffWithForgedCis2({ forged: bff.forged });

describe('a restart of a BFF whose sessions live in memory', () => {
  it('answers the old cookie with service_restarted, and clears it', async () => {
    const before = await startBffWithForgedCis2();
    const signedIn = await roundTripWith(before);
    await expectSignedIn(before, signedIn);
    await before.close();

    const after = await restart(before);
    const { browser } = signedIn;
    browser.app = after.app;
    const user = await browser.user();
    expect(user.status).toBe(401);
    expect(JSON.parse(user.body)).toMatchObject({
      code: 'service_restarted',
      detail: 'The service was restarted, which ended your session. Sign in again.',
    });
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();

    // Signing in again works.
    await expectSignedIn(after, await roundTripWith(after));
    await after.close();
  });

  it('says nothing of a restart for a cookie this BFF never gave out', async () => {
    const bff = await startBffWithForgedCis2();
    const browser = bff.browser();
    browser.setCookie(SESSION_COOKIE, 'made-up-session-id');
    const user = await browser.user();
    expect(user.status).toBe(401);
    expect(JSON.parse(user.body)).toMatchObject({ code: 'not_signed_in' });
    await bff.close();
  });

  it('with Redis configured, session ids carry no boot id (Redis keeps sessions across restarts)', async () => {
    // The store is in memory here; REDIS_URL alone decides whether sessions end with the process.
    const bff = await startBffWithForgedCis2({
      config: { REDIS_URL: 'rediss://127.0.0.1:1' },
    });
    const signedIn = await roundTripWith(bff);
    await expectSignedIn(bff, signedIn);
    expect(signedIn.browser.cookie(SESSION_COOKIE)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await bff.close();
  });
});
