/**
 * Token freshness and single-flight refresh, against a fake APIM that counts calls and
 * refuses a reused refresh token the way APIM does, on the memory store and on Redis (two
 * "instances" = two token managers sharing one store).
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { redisForTests } from '../../test/support/redis';
import { createLogger } from '../logging/logger';
import { createMemoryStore } from '../session/memory-store';
import { createRedisStore } from '../session/redis-store';
import type { NewSession } from '../session/session';
import { createSessionManager } from '../session/session-manager';
import type { KeyValueStore } from '../session/store';
import type { ApimClient, TokenExchangeOutcome } from './token-exchange';
import { REFRESH_MARGIN_MS, createTokenManager, type TokenManagerEvent } from './token-manager';

const redis = redisForTests();
beforeAll(() => redis.start());
afterAll(() => redis.stop());

const NOW = 1_800_000_000_000;
const log = createLogger('silent');

/**
 * A fake APIM: single-use refresh tokens, an optional delay (or a gate a refresh waits at until
 * the test opens it), call counters.
 */
function fakeApim(
  options: {
    refreshFails?: boolean;
    exchangeFails?: boolean;
    delayMs?: number;
    gate?: Promise<void>;
  } = {},
) {
  const live = new Set<string>(['refresh-0']);
  const calls = { refresh: 0, exchange: 0, reusedRefresh: 0 };
  let serial = 0;
  const issue = (): TokenExchangeOutcome => {
    serial += 1;
    live.add(`refresh-${serial}`);
    return {
      ok: true,
      tokens: {
        accessToken: `access-${serial}`,
        accessTokenExpiresAt: NOW + 599_000,
        refreshToken: `refresh-${serial}`,
      },
    };
  };
  const apim = {
    canRefresh: true,
    async refresh(token: string) {
      calls.refresh += 1;
      await (options.gate ?? sleep(options.delayMs ?? 20));
      if (options.refreshFails || !live.delete(token)) {
        if (!options.refreshFails) calls.reusedRefresh += 1;
        return {
          ok: false,
          kind: 'rejected',
          status: 401,
          error: 'invalid_grant',
          description: 'refresh_token is invalid',
        };
      }
      return issue();
    },
    async exchangeIdToken() {
      calls.exchange += 1;
      await sleep(options.delayMs ?? 20);
      return options.exchangeFails
        ? {
            ok: false,
            kind: 'rejected',
            status: 400,
            error: 'invalid_request',
            description: 'JWT has expired',
          }
        : issue();
    },
  } as unknown as ApimClient;
  return { apim, calls };
}

function signedIn(accessTokenExpiresAt: number, idTokenExpiresAt = NOW + 300_000): NewSession {
  return {
    sub: '555032006106',
    sid: 'sid',
    name: 'Dr Priya Shah',
    role: {
      id: 'r',
      name: 'Consultant',
      code: 'c',
      organisation: { odsCode: 'RCD', name: 'X' },
      activityCodes: [],
    },
    actingAs: { odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
    cis2: { idToken: 'id-token', idTokenExpiresAt, authTime: NOW },
    apim: { accessToken: 'access-0', accessTokenExpiresAt, refreshToken: 'refresh-0' },
  };
}

const stores: Array<[string, () => KeyValueStore]> = [
  ['memory', () => createMemoryStore(() => NOW)],
  [
    'redis',
    () =>
      createRedisStore({ url: redis.url(), keyPrefix: `tm-${randomBytes(4).toString('hex')}:` }),
  ],
];

describe.each(stores)('token manager on the %s store', (_name, makeStore) => {
  function setup(apim: ApimClient | null, store = makeStore()) {
    const key = randomBytes(32);
    const sessionsFor = () =>
      createSessionManager({
        store,
        idleMs: 15 * 60_000,
        absoluteMs: 12 * 3_600_000,
        now: () => NOW,
        encryptionKey: key,
      });
    const sessions = sessionsFor();
    const events: TokenManagerEvent[] = [];
    const manager = () =>
      createTokenManager({
        apim,
        sessions: sessionsFor(),
        store,
        now: () => NOW,
        log,
        observe: (event) => events.push(event),
      });
    return { sessions, manager, store, events };
  }

  it('uses the session token while more than 60 s remain, with no APIM call', async () => {
    const { apim, calls } = fakeApim();
    const { sessions, manager } = setup(apim);
    const { id, session } = await sessions.create(signedIn(NOW + REFRESH_MARGIN_MS + 1));
    expect(await manager().current(id, session)).toEqual({ ok: true, accessToken: 'access-0' });
    expect(calls).toEqual({ refresh: 0, exchange: 0, reusedRefresh: 0 });
  });

  it('refreshes at 60 s left and stores both new tokens', async () => {
    const { apim, calls } = fakeApim();
    const { sessions, manager } = setup(apim);
    const { id, session } = await sessions.create(signedIn(NOW + REFRESH_MARGIN_MS));
    expect(await manager().current(id, session)).toEqual({ ok: true, accessToken: 'access-1' });
    expect(calls.refresh).toBe(1);
    const stored = await sessions.load(id, { slide: false });
    expect(stored?.apim).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' });
  });

  it('50 concurrent requests at expiry in one process make exactly one refresh, shared in process', async () => {
    const { apim, calls } = fakeApim();
    const { sessions, manager, events } = setup(apim);
    const { id, session } = await sessions.create(signedIn(NOW + 1000));
    const tokens = manager();
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => tokens.current(id, session)),
    );
    expect(new Set(outcomes.map((outcome) => outcome.ok && outcome.accessToken))).toEqual(
      new Set(['access-1']),
    );
    expect(calls).toEqual({ refresh: 1, exchange: 0, reusedRefresh: 0 });
    // The 49 share the first one's promise: none of them goes to the store's lock, which is
    // for other instances (and would still hold the refresh to one if the promise were gone).
    expect(events.filter((event) => event === 'joined_in_process')).toHaveLength(49);
    expect(events.filter((event) => event === 'waited_for_lock')).toHaveLength(0);
    expect(events.filter((event) => event === 'refreshed')).toHaveLength(1);
  });

  it('concurrent requests on two instances sharing the store make exactly one refresh', async () => {
    const { apim, calls } = fakeApim({ delayMs: 200 });
    const { sessions, manager, events } = setup(apim);
    const { id, session } = await sessions.create(signedIn(NOW + 1000));
    const [first, second] = [manager(), manager()];
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) => (index % 2 ? first : second).current(id, session)),
    );
    expect(outcomes.every((outcome) => outcome.ok && outcome.accessToken === 'access-1')).toBe(
      true,
    );
    expect(calls).toEqual({ refresh: 1, exchange: 0, reusedRefresh: 0 });
    // One instance refreshed holding the lock; the other waited for it at the store.
    expect(events).toContain('waited_for_lock');
  });

  it('after a 401, renews once; a second 401 for the same old token reuses the new one', async () => {
    const { apim, calls } = fakeApim();
    const { sessions, manager } = setup(apim);
    const { id, session } = await sessions.create(signedIn(NOW + 500_000));
    const tokens = manager();
    expect(await tokens.renew(id, session, 'access-0')).toEqual({
      ok: true,
      accessToken: 'access-1',
    });
    expect(await tokens.renew(id, session, 'access-0')).toEqual({
      ok: true,
      accessToken: 'access-1',
    });
    expect(calls.refresh).toBe(1);
  });

  it('when refresh is refused, exchanges the still-valid ID token again', async () => {
    const { apim, calls } = fakeApim({ refreshFails: true });
    const { sessions, manager } = setup(apim);
    const { id, session } = await sessions.create(signedIn(NOW + 1000));
    expect(await manager().current(id, session)).toEqual({ ok: true, accessToken: 'access-1' });
    expect(calls).toMatchObject({ refresh: 1, exchange: 1 });
  });

  it('when refresh is refused and the ID token has expired, asks for a new sign-in', async () => {
    const { apim, calls } = fakeApim({ refreshFails: true });
    const { sessions, manager } = setup(apim);
    const { id, session } = await sessions.create(signedIn(NOW + 1000, NOW - 1));
    expect(await manager().current(id, session)).toEqual({ ok: false, reason: 'sign_in_again' });
    expect(calls.exchange).toBe(0);
  });

  it('a session ended during the refresh is not brought back', async () => {
    // A gate, not a delay: on a busy machine a 100 ms refresh could finish before the sign-out.
    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { apim, calls } = fakeApim({ gate });
    const { sessions, manager } = setup(apim);
    const { id, session } = await sessions.create(signedIn(NOW + 1000));
    const pending = manager().current(id, session);
    await vi.waitFor(() => expect(calls.refresh).toBe(1));
    await sessions.destroy(id, 'signed_out_elsewhere');
    open();
    expect(await pending).toEqual({ ok: false, reason: 'sign_in_again' });
    expect(await sessions.load(id, { slide: false })).toBeNull();
  });

  it('in the sandbox preset there is no token to send', async () => {
    const { sessions, manager } = setup(null);
    const { id, session } = await sessions.create({ ...signedIn(0), apim: null });
    expect(await manager().current(id, session)).toEqual({ ok: true, accessToken: null });
  });
});
