/**
 * A flood of sign-ins that never finish. `/bff/login` answers anyone, without credentials, so
 * whatever it keeps per pending sign-in is what a flood costs: it must keep nothing. Against the
 * memory store and against Redis, FLOOD sign-ins are started with the longest `returnTo` allowed
 * and never finished; the test prints the bytes each left in the store (the figure the README
 * quotes) and then asserts there are none, and that a real sign-in still works afterwards.
 *
 * Alone: node scripts/pnpm.mjs --filter @ers/bff exec vitest run test/sign-in-flood.test.ts
 */
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RETURN_TO_LENGTH } from '../src/auth/return-to';
import { createMemoryStore } from '../src/session/memory-store';
import { createRedisStore } from '../src/session/redis-store';
import type { KeyValueStore } from '../src/session/store';
import {
  LOGIN_COOKIE,
  expectSignedIn,
  roundTripWith,
  startBffWithForgedCis2,
  type ForgedCis2Bff,
} from './support/harness';
import { redisForTests } from './support/redis';

const FLOOD = 500;
/** Browsers keep a cookie's name and value up to 4096 bytes (RFC 6265 §6.1, ASVS 3.3.5). */
const COOKIE_LIMIT_BYTES = 4096;
const LONGEST_RETURN_TO = `/referrals/find?q=${'a'.repeat(MAX_RETURN_TO_LENGTH - 18)}`;

/** The memory store, counting the bytes of key and value of every write it is asked to keep. */
function measuredMemoryStore() {
  const inner = createMemoryStore();
  let bytes = 0;
  const count = (...parts: string[]) => {
    for (const part of parts) bytes += Buffer.byteLength(part);
  };
  const store: KeyValueStore = {
    ...inner,
    set: (key, value, ttlMs) => (count(key, value), inner.set(key, value, ttlMs)),
    setIfAbsent: (key, value, ttlMs) => (count(key, value), inner.setIfAbsent(key, value, ttlMs)),
    setIfPresent: (key, value, ttlMs) => (count(key, value), inner.setIfPresent(key, value, ttlMs)),
    addToSet: (key, member, ttlMs) => (count(key, member), inner.addToSet(key, member, ttlMs)),
  };
  return { store, bytes: () => bytes };
}

/** FLOOD sign-ins from FLOOD browsers, none finished; returns the largest login cookie. */
async function flood(bff: ForgedCis2Bff) {
  let largestCookie = 0;
  for (let i = 0; i < FLOOD; i += 1) {
    const browser = bff.browser();
    await bff.login(browser, `?returnTo=${encodeURIComponent(LONGEST_RETURN_TO)}`);
    const value = browser.cookie(LOGIN_COOKIE) ?? '';
    expect(value).not.toBe('');
    largestCookie = Math.max(largestCookie, Buffer.byteLength(`${LOGIN_COOKIE}=${value}`));
  }
  return largestCookie;
}

function report(store: string, bytesPerSignIn: number, cookieBytes: number) {
  console.log(
    `sign-in flood, ${store}: ${FLOOD} pending sign-ins, ${bytesPerSignIn.toFixed(1)} bytes each ` +
      `in the store; the browser carries a login cookie of ${cookieBytes} bytes at most`,
  );
}

describe('a flood of sign-ins that never finish', () => {
  it('leaves nothing in the memory store, and a real sign-in still works', async () => {
    const measured = measuredMemoryStore();
    const bff = await startBffWithForgedCis2({ store: measured.store });
    const cookieBytes = await flood(bff);
    report('memory store', measured.bytes() / FLOOD, cookieBytes);

    expect(measured.bytes()).toBe(0);
    expect(cookieBytes).toBeLessThanOrEqual(COOKIE_LIMIT_BYTES);
    await expectSignedIn(bff, await roundTripWith(bff));
    await bff.close();
  });

  describe('on Redis', () => {
    const redis = redisForTests();
    beforeAll(() => redis.start());
    afterAll(() => redis.stop());

    it('leaves no key and no memory in Redis, and a real sign-in still works', async () => {
      const admin = createClient({ url: redis.url() });
      await admin.connect();
      const usedMemory = async () =>
        Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1] ?? Number.NaN);
      const store = createRedisStore({ url: redis.url() });
      const bff = await startBffWithForgedCis2({ store });
      try {
        const keysBefore = await admin.dbSize();
        const memoryBefore = await usedMemory();
        const cookieBytes = await flood(bff);
        const keys = (await admin.dbSize()) - keysBefore;
        const bytes = Math.max(0, (await usedMemory()) - memoryBefore);
        report(`Redis (${keys} keys added)`, bytes / FLOOD, cookieBytes);

        expect(keys).toBe(0);
        // Redis's own bookkeeping moves used_memory by a few KB; one key per sign-in would
        // add over 100 bytes each, so this bound still catches any per-sign-in state.
        expect(bytes / FLOOD).toBeLessThan(32);
        await expectSignedIn(bff, await roundTripWith(bff));
      } finally {
        await bff.close();
        await store.close();
        await admin.close();
      }
    });
  });
});
