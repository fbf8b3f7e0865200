/**
 * The session manager against both stores. The manager's deadlines follow an injected clock; the
 * in-memory store follows the same clock, Redis follows real time, so on memory a timed-out
 * session has left the store while on Redis the manager's own deadline check has to catch it:
 * between them both paths are covered.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisForTests } from '../../test/support/redis';
import { createMemoryStore } from './memory-store';
import { createRedisStore } from './redis-store';
import type { NewSession } from './session';
import {
  createSessionManager,
  SLIDE_EVERY_MS,
  type SessionManagerOptions,
} from './session-manager';
import type { KeyValueStore } from './store';

const MINUTE = 60_000;

const TOKENS = {
  idToken: `id-token-${randomBytes(12).toString('hex')}`,
  accessToken: `access-token-${randomBytes(12).toString('hex')}`,
  refreshToken: `refresh-token-${randomBytes(12).toString('hex')}`,
};

function signIn(sub = '555000111222', sid: string | null = 'cis2-sid-1'): NewSession {
  return {
    sub,
    sid,
    name: 'Dr Test',
    role: {
      id: 'r',
      name: 'Consultant',
      code: 'c',
      organisation: { odsCode: 'RCD', name: 'X' },
      activityCodes: [],
    },
    actingAs: { odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
    cis2: { idToken: TOKENS.idToken, idTokenExpiresAt: 0, authTime: 0 },
    apim: {
      accessToken: TOKENS.accessToken,
      accessTokenExpiresAt: 0,
      refreshToken: TOKENS.refreshToken,
    },
  };
}

type Time = { now: () => number; pass(ms: number): Promise<void> };

function fakeTime(): Time {
  let now = 1_000_000;
  return { now: () => now, pass: async (ms) => void (now += ms) };
}

function realTime(): Time {
  return { now: Date.now, pass: (ms) => sleep(ms) };
}

type Harness = {
  name: 'memory' | 'redis';
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Memory follows `time`; Redis always follows real time. */
  newStore(time: Time): KeyValueStore;
  /** A clock the store's own expiry follows as well. */
  storeTime(): Time;
};

const memory: Harness = {
  name: 'memory',
  start: async () => undefined,
  stop: async () => undefined,
  newStore: (time) => createMemoryStore(time.now),
  storeTime: fakeTime,
};

const redisServer = redisForTests();
let prefixes = 0;
const redis: Harness = {
  name: 'redis',
  start: () => redisServer.start(),
  stop: () => redisServer.stop(),
  newStore: () => createRedisStore({ url: redisServer.url(), keyPrefix: `sm-${(prefixes += 1)}:` }),
  storeTime: realTime,
};

type Write = { op: string; key: string; value: string };

/** Sees every write, so tests can look at exactly what reached the store. */
function recording(inner: KeyValueStore) {
  const writes: Write[] = [];
  const record = (op: string, key: string, value: string) => writes.push({ op, key, value });
  // Delegates at call time, so a test can still swap a method on `inner`.
  const store: KeyValueStore = {
    get: (key) => inner.get(key),
    set: (key, value, ttlMs) => (record('set', key, value), inner.set(key, value, ttlMs)),
    setIfAbsent: (key, value, ttlMs) => {
      record('setIfAbsent', key, value);
      return inner.setIfAbsent(key, value, ttlMs);
    },
    setIfPresent: (key, value, ttlMs) => {
      record('setIfPresent', key, value);
      return inner.setIfPresent(key, value, ttlMs);
    },
    take: (key) => inner.take(key),
    delete: (key) => inner.delete(key),
    addToSet: (key, member, ttlMs) => {
      record('addToSet', key, member);
      return inner.addToSet(key, member, ttlMs);
    },
    members: (key) => inner.members(key),
    removeFromSet: (key, member) => inner.removeFromSet(key, member),
    increment: (key, by, ttlMs) => inner.increment(key, by, ttlMs),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return { store, writes };
}

describe.each([memory, redis])('sessions on the $name store', (harness) => {
  const stores: KeyValueStore[] = [];

  beforeAll(() => harness.start());
  afterAll(() => harness.stop());
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  function setup(options: Partial<SessionManagerOptions> & { time?: Time; storeTime?: Time } = {}) {
    const time = options.time ?? fakeTime();
    const inner = harness.newStore(options.storeTime ?? time);
    stores.push(inner);
    const { store, writes } = recording(inner);
    const encryptionKey = options.encryptionKey ?? randomBytes(32);
    const sessions = createSessionManager({
      idleMs: 15 * MINUTE,
      absoluteMs: 60 * MINUTE,
      ...options,
      store: options.store ?? store,
      encryptionKey,
      now: time.now,
    });
    return { sessions, time, store, inner, writes, encryptionKey };
  }

  it('ends after the idle timeout, and says why', async () => {
    const { sessions, time } = setup();
    const { id } = await sessions.create(signIn());
    await time.pass(15 * MINUTE - 1);
    expect(await sessions.load(id, { slide: false })).not.toBeNull();
    expect(await sessions.endReason(id)).toBeNull();
    await time.pass(1);
    expect(await sessions.load(id, { slide: false })).toBeNull();
    expect(await sessions.endReason(id)).toBe('idle');
  });

  it('slides on activity, but not on a poll', async () => {
    const { sessions, time } = setup();
    const { id } = await sessions.create(signIn());
    await time.pass(10 * MINUTE);
    await sessions.load(id, { slide: false });
    await time.pass(6 * MINUTE);
    expect(await sessions.load(id, { slide: false })).toBeNull();

    const second = await sessions.create(signIn());
    await time.pass(10 * MINUTE);
    const slid = await sessions.load(second.id, { slide: true });
    expect(slid && sessions.idleExpiresAt(slid)).toBe(time.now() + 15 * MINUTE);
    await time.pass(10 * MINUTE);
    expect(await sessions.load(second.id, { slide: false })).not.toBeNull();
  });

  it('slides at most every 30 s: activity sooner writes nothing, later activity slides', async () => {
    const { sessions, time, writes } = setup();
    const { id } = await sessions.create(signIn());
    const created = time.now();
    const before = writes.length;
    await time.pass(SLIDE_EVERY_MS - 1);
    const soon = await sessions.load(id, { slide: true });
    expect(soon && sessions.idleExpiresAt(soon)).toBe(created + 15 * MINUTE);
    expect(writes).toHaveLength(before);

    await time.pass(1);
    const later = await sessions.load(id, { slide: true });
    expect(later && sessions.idleExpiresAt(later)).toBe(time.now() + 15 * MINUTE);
    expect(writes.slice(before).map(({ op, key }) => `${op} ${key.split(':')[0]}`)).toEqual([
      'setIfPresent session',
      'setIfPresent lapse',
    ]);
    expect((await sessions.load(id, { slide: false }))?.lastSeenAt).toBe(time.now());
  });

  it('keeps a user active every 20 s signed in, and ends it no later than the idle timeout', async () => {
    const { sessions, time } = setup();
    const { id } = await sessions.create(signIn());
    for (let step = 0; step < 45; step += 1) {
      await time.pass(20_000);
      expect(await sessions.load(id, { slide: true }), `after ${step * 20 + 20} s`).not.toBeNull();
    }
    const lastActivity = time.now();
    await time.pass(15 * MINUTE - SLIDE_EVERY_MS);
    expect(await sessions.load(id, { slide: false })).not.toBeNull();
    await time.pass(SLIDE_EVERY_MS);
    expect(time.now() - lastActivity).toBe(15 * MINUTE);
    expect(await sessions.load(id, { slide: false })).toBeNull();
    expect(await sessions.endReason(id)).toBe('idle');
  });

  it('writes a changed session at once, however recently it slid', async () => {
    const { sessions, time, writes } = setup();
    const { id } = await sessions.create(signIn());
    await time.pass(1_000);
    const session = (await sessions.load(id, { slide: true }))!;
    const before = writes.length;
    session.actingAs = { odsCode: 'R69', businessFunction: 'REFERRING_CLINICIAN' };
    expect(await sessions.save(id, session)).toBe(true);
    expect(writes.length).toBeGreaterThan(before);
    await time.pass(1_000);
    expect((await sessions.load(id, { slide: true }))?.actingAs?.odsCode).toBe('R69');
  });

  it('ends at the absolute limit however active the user is, and says why', async () => {
    const { sessions, time } = setup();
    const { id } = await sessions.create(signIn());
    for (let i = 0; i < 5; i += 1) {
      await time.pass(10 * MINUTE);
      expect(await sessions.load(id, { slide: true })).not.toBeNull();
    }
    await time.pass(10 * MINUTE);
    expect(await sessions.load(id, { slide: true })).toBeNull();
    expect(await sessions.endReason(id)).toBe('absolute');
  });

  it('ends a session the store still holds once it is past a deadline, and records why', async () => {
    // The store's clock stands still: only the manager's own deadline check can end these.
    const { sessions, time } = setup({ storeTime: fakeTime() });
    const idle = await sessions.create(signIn());
    await time.pass(30 * MINUTE);
    const absolute = await sessions.create(signIn());
    for (let i = 0; i < 6; i += 1) {
      await time.pass(10 * MINUTE);
      await sessions.load(absolute.id, { slide: true });
    }
    expect(await sessions.load(idle.id, { slide: true })).toBeNull();
    expect(await sessions.endReason(idle.id)).toBe('idle');
    expect(await sessions.endReason(absolute.id)).toBe('absolute');
    expect(await sessions.load(absolute.id, { slide: false })).toBeNull();
  });

  it('tells why a session ended when the store itself let it lapse', async () => {
    const time = harness.storeTime();
    const { sessions } = setup({ time, idleMs: 300, absoluteMs: MINUTE });
    const { id } = await sessions.create(signIn());
    await time.pass(500);
    expect(await sessions.load(id, { slide: false })).toBeNull();
    expect(await sessions.endReason(id)).toBe('idle');
  });

  it('issues unguessable ids, new at each sign-in, and accepts no made-up one', async () => {
    const { sessions } = setup();
    const first = await sessions.create(signIn());
    const second = await sessions.create(signIn());
    expect(first.id).not.toBe(second.id);
    expect(Buffer.from(first.id, 'base64url')).toHaveLength(32);
    expect(await sessions.load(randomBytes(32).toString('base64url'), { slide: true })).toBeNull();
    expect(await sessions.load(sessions.handleOf(first.id), { slide: true })).toBeNull();
  });

  it('signing out ends the session at once and records no reason', async () => {
    const { sessions } = setup();
    const { id } = await sessions.create(signIn());
    expect(await sessions.destroy(id)).toBe(true);
    expect(await sessions.destroy(id)).toBe(false);
    expect(await sessions.load(id, { slide: true })).toBeNull();
    expect(await sessions.endReason(id)).toBeNull();
  });

  it('records the reason a session was ended', async () => {
    const { sessions } = setup();
    const { id } = await sessions.create(signIn());
    expect(await sessions.destroy(id, 'signed_out_elsewhere')).toBe(true);
    expect(await sessions.endReason(id)).toBe('signed_out_elsewhere');
    // A second end does not overwrite the first reason.
    expect(await sessions.destroy(id, 'replaced')).toBe(false);
    expect(await sessions.endReason(id)).toBe('signed_out_elsewhere');
    expect(await sessions.endReason('never-issued')).toBeNull();
  });

  it('forgets end reasons after their lifetime', async () => {
    const time = harness.storeTime();
    const { sessions } = setup({ time, ttls: { endReasonMs: 200 } });
    const { id } = await sessions.create(signIn());
    await sessions.destroy(id, 'replaced');
    expect(await sessions.endReason(id)).toBe('replaced');
    await time.pass(400);
    expect(await sessions.endReason(id)).toBeNull();
  });

  it('saves changes, but never brings an ended session back', async () => {
    const { sessions } = setup();
    const { id, session } = await sessions.create(signIn());
    const refreshed = {
      ...session,
      apim: { accessToken: 'new-access-token', accessTokenExpiresAt: 1, refreshToken: null },
    };
    expect(await sessions.save(id, refreshed)).toBe(true);
    expect((await sessions.load(id, { slide: false }))?.apim?.accessToken).toBe('new-access-token');

    // A request that loaded the session before a back-channel logout saves after it.
    await sessions.destroy(id, 'signed_out_elsewhere');
    expect(await sessions.save(id, refreshed)).toBe(false);
    expect(await sessions.load(id, { slide: false })).toBeNull();
    expect(await sessions.endReason(id)).toBe('signed_out_elsewhere');
  });

  it('finds the live sessions of a user by CIS2 sub and sid', async () => {
    const { sessions } = setup();
    const a = await sessions.create(signIn('user-1', 'sid-a'));
    const b = await sessions.create(signIn('user-1', 'sid-b'));
    const noSid = await sessions.create(signIn('user-1', null));
    const other = await sessions.create(signIn('user-2', 'sid-c'));

    expect((await sessions.handlesForSub('user-1')).sort()).toEqual(
      [a.id, b.id, noSid.id].map(sessions.handleOf).sort(),
    );
    expect(await sessions.handlesForSid('sid-a')).toEqual([sessions.handleOf(a.id)]);
    expect(await sessions.handlesForSub('user-2')).toEqual([sessions.handleOf(other.id)]);
    expect(await sessions.handlesForSub('nobody')).toEqual([]);

    await sessions.destroy(b.id);
    expect(await sessions.handlesForSid('sid-b')).toEqual([]);
    expect(await sessions.handlesForSub('user-1')).toHaveLength(2);
  });

  it('drops sessions that have timed out from the indexes', async () => {
    const { sessions, time, inner } = setup();
    const removed: string[] = [];
    const removeFromSet = inner.removeFromSet.bind(inner);
    inner.removeFromSet = async (key, member) => {
      const was = await removeFromSet(key, member);
      if (was) removed.push(member);
      return was;
    };
    const old = await sessions.create(signIn('user-1', 'sid-old'));
    await time.pass(10 * MINUTE);
    const recent = await sessions.create(signIn('user-1', 'sid-new'));
    await time.pass(6 * MINUTE);
    expect(await sessions.handlesForSub('user-1')).toEqual([sessions.handleOf(recent.id)]);
    expect(removed).toContain(sessions.handleOf(old.id));
    expect(await sessions.endReason(old.id)).toBe('idle');
  });

  it('ends all of a user’s other sessions on takeover, and says they were replaced', async () => {
    const { sessions } = setup();
    const elsewhere = await sessions.create(signIn('user-1', 'sid-a'));
    const alsoElsewhere = await sessions.create(signIn('user-1', 'sid-b'));
    const here = await sessions.create(signIn('user-1', 'sid-c'));
    const someoneElse = await sessions.create(signIn('user-2', 'sid-d'));

    expect(await sessions.destroyAllForSub('user-1', 'replaced', here.id)).toBe(2);
    expect(await sessions.load(elsewhere.id, { slide: false })).toBeNull();
    expect(await sessions.load(alsoElsewhere.id, { slide: false })).toBeNull();
    expect(await sessions.endReason(elsewhere.id)).toBe('replaced');
    expect(await sessions.load(here.id, { slide: false })).not.toBeNull();
    expect(await sessions.load(someoneElse.id, { slide: false })).not.toBeNull();
    expect(await sessions.destroyAllForSub('user-1', 'replaced')).toBe(1);
    expect(await sessions.destroyAllForSub('user-1', 'replaced')).toBe(0);
  });

  it('ends the sessions of one CIS2 session on back-channel logout', async () => {
    const { sessions } = setup();
    const a = await sessions.create(signIn('user-1', 'sid-a'));
    const a2 = await sessions.create(signIn('user-1', 'sid-a'));
    const b = await sessions.create(signIn('user-1', 'sid-b'));
    expect(await sessions.destroyAllForSid('sid-a', 'signed_out_elsewhere')).toBe(2);
    expect(await sessions.endReason(a.id)).toBe('signed_out_elsewhere');
    expect(await sessions.load(a2.id, { slide: false })).toBeNull();
    expect(await sessions.load(b.id, { slide: false })).not.toBeNull();
    expect(await sessions.handlesForSub('user-1')).toEqual([sessions.handleOf(b.id)]);
  });

  it('ends a session by handle, which is not itself a session id', async () => {
    const { sessions } = setup();
    const { id } = await sessions.create(signIn());
    const handle = sessions.handleOf(id);
    expect(handle).not.toBe(id);
    expect(await sessions.destroyByHandle(handle, 'replaced')).toBe(true);
    expect(await sessions.load(id, { slide: false })).toBeNull();
    expect(await sessions.endReason(id)).toBe('replaced');
    expect(await sessions.destroyByHandle(handle)).toBe(false);
  });

  const transaction = { state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/' };

  it('carries a sign-in transaction in its cookie value, writing nothing to the store', async () => {
    const { sessions, writes } = setup();
    const cookie = sessions.beginLogin(transaction);
    expect(writes).toEqual([]);
    expect(await sessions.readLogin(cookie)).toMatchObject(transaction);
    // Reading is not completing: a failed callback leaves the sign-in open.
    expect(await sessions.readLogin(cookie)).toMatchObject(transaction);
    expect(writes).toEqual([]);
    expect(await sessions.readLogin('made-up')).toBeNull();
  });

  it('completes a sign-in transaction once only, even for concurrent callbacks', async () => {
    const { sessions } = setup();
    const cookie = sessions.beginLogin(transaction);
    const opened = await sessions.readLogin(cookie);
    const completed = await Promise.all(
      Array.from({ length: 5 }, () => sessions.completeLogin(opened!)),
    );
    expect(completed.filter(Boolean)).toHaveLength(1);
    expect(await sessions.readLogin(cookie)).toBeNull();
    // Another sign-in is untouched.
    expect(
      await sessions.readLogin(sessions.beginLogin({ ...transaction, state: 's2' })),
    ).not.toBeNull();
  });

  it('refuses a login cookie after ten minutes, whatever the browser kept', async () => {
    const time = harness.storeTime();
    const short = setup({ time, ttls: { loginMs: 200 } }).sessions;
    const cookie = short.beginLogin(transaction);
    await time.pass(400);
    expect(await short.readLogin(cookie)).toBeNull();
  });

  it('refuses a login cookie sealed under another key, changed, or sealed as something else', async () => {
    const { sessions } = setup();
    const cookie = sessions.beginLogin(transaction);
    expect(await setup().sessions.readLogin(cookie)).toBeNull();
    const bytes = Buffer.from(cookie.slice(3), 'base64url');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(await sessions.readLogin(`v1.${bytes.toString('base64url')}`)).toBeNull();
    const parked = await sessions.parkSignIn(signIn());
    expect(await sessions.readLogin(parked)).toBeNull();
  });

  it('hands a parked sign-in out once, and not after five minutes', async () => {
    const { sessions } = setup();
    const data = signIn('user-1', 'sid-a');
    const id = await sessions.parkSignIn(data);
    const taken = await Promise.all(Array.from({ length: 5 }, () => sessions.takeParkedSignIn(id)));
    expect(taken.filter((parked) => parked !== null)).toEqual([data]);
    expect(await sessions.takeParkedSignIn(id)).toBeNull();

    const time = harness.storeTime();
    const short = setup({ time, ttls: { parkedSignInMs: 200 } }).sessions;
    const expiring = await short.parkSignIn(data);
    await time.pass(400);
    expect(await short.takeParkedSignIn(expiring)).toBeNull();
  });

  it('remembers a value once per namespace, until its TTL passes', async () => {
    const time = harness.storeTime();
    const { sessions } = setup({ time });
    expect(await sessions.rememberOnce('logout-jti', 'jti-1', 200)).toBe(true);
    expect(await sessions.rememberOnce('logout-jti', 'jti-1', 200)).toBe(false);
    expect(await sessions.rememberOnce('logout-jti', 'jti-2', 200)).toBe(true);
    expect(await sessions.rememberOnce('other', 'jti-1', 200)).toBe(true);
    await time.pass(400);
    expect(await sessions.rememberOnce('logout-jti', 'jti-1', 200)).toBe(true);
  });

  it('writes no token, session id or CIS2 identifier into any store key or value', async () => {
    const { sessions, writes } = setup();
    const { id } = await sessions.create(signIn('sub-9f8e7d', 'sid-1a2b3c'));
    await sessions.load(id, { slide: true });
    const parked = await sessions.parkSignIn(signIn('sub-9f8e7d', 'sid-1a2b3c'));
    const login = sessions.beginLogin({
      state: 'state-secret',
      nonce: 'nonce-secret',
      codeVerifier: 'verifier-secret',
      returnTo: '/',
    });
    await sessions.completeLogin((await sessions.readLogin(login))!);
    await sessions.rememberOnce('logout-jti', 'jti-secret', MINUTE);

    const written = writes.flatMap(({ key, value }) => [key, value]).join('\n');
    expect(writes.length).toBeGreaterThan(5);
    for (const secret of [
      ...Object.values(TOKENS),
      id,
      parked,
      login,
      'sub-9f8e7d',
      'sid-1a2b3c',
      'state-secret',
      'verifier-secret',
      'jti-secret',
    ]) {
      expect(written).not.toContain(secret);
    }
  });

  it('cannot be fooled by a session value moved to another session’s key', async () => {
    const { sessions, writes, inner } = setup();
    const alice = await sessions.create(signIn('alice', null));
    const mallory = await sessions.create(signIn('mallory', null));
    const keyOf = (id: string) => `session:${sessions.handleOf(id)}`;
    const valueOf = (id: string) => writes.find((write) => write.key === keyOf(id))?.value;
    await inner.set(keyOf(mallory.id), valueOf(alice.id) ?? '', MINUTE);
    expect(await sessions.load(mallory.id, { slide: false })).toBeNull();
    expect(await sessions.load(alice.id, { slide: false })).toMatchObject({ sub: 'alice' });
  });

  it('reads a tampered value as no session rather than failing', async () => {
    const { sessions, writes, inner } = setup();
    const { id } = await sessions.create(signIn());
    const key = `session:${sessions.handleOf(id)}`;
    const sealed = writes.find((write) => write.key === key)?.value ?? '';
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1);
    await inner.set(key, flipped, MINUTE);
    expect(await sessions.load(id, { slide: true })).toBeNull();
    await inner.set(key, 'not even sealed', MINUTE);
    expect(await sessions.load(id, { slide: true })).toBeNull();
  });

  it('shares sessions between instances with the same key, and no one else', async () => {
    const first = setup();
    const { id } = await first.sessions.create(signIn());
    const sameKey = createSessionManager({
      store: first.store,
      encryptionKey: first.encryptionKey,
      idleMs: 15 * MINUTE,
      absoluteMs: 60 * MINUTE,
      now: first.time.now,
    });
    const otherKey = createSessionManager({
      store: first.store,
      encryptionKey: randomBytes(32),
      idleMs: 15 * MINUTE,
      absoluteMs: 60 * MINUTE,
      now: first.time.now,
    });
    expect(await sameKey.load(id, { slide: true })).toMatchObject({ sub: '555000111222' });
    expect(await otherKey.load(id, { slide: true })).toBeNull();
    expect(await otherKey.handlesForSub('555000111222')).toEqual([]);
    expect(await first.sessions.load(id, { slide: true })).not.toBeNull();
  });
});

describe('what a copy of Redis would give away', () => {
  const dumpRedis = redisForTests();
  beforeAll(() => dumpRedis.start());
  afterAll(() => dumpRedis.stop());

  it('neither the tokens nor the session id appear in any key or value', async () => {
    const store = createRedisStore({ url: dumpRedis.url(), keyPrefix: 'dump:' });
    const sessions = createSessionManager({
      store,
      encryptionKey: randomBytes(32),
      idleMs: 15 * MINUTE,
      absoluteMs: 60 * MINUTE,
      now: Date.now,
    });
    const raw = createClient({ url: dumpRedis.url() });
    await raw.connect();
    try {
      const { id } = await sessions.create(signIn('sub-dump', 'sid-dump'));
      const other = await sessions.create(signIn('sub-dump', 'sid-dump-2'));
      await sessions.destroy(other.id, 'replaced');
      await sessions.parkSignIn(signIn('sub-dump', 'sid-dump'));

      const keys = await raw.keys('dump:*');
      const dump: string[] = [...keys];
      for (const key of keys) {
        if ((await raw.type(key)) === 'set') dump.push(...(await raw.sMembers(key)));
        else dump.push((await raw.get(key)) ?? '');
      }
      const text = dump.join('\n');

      expect(keys.length).toBeGreaterThanOrEqual(5);
      expect(keys.some((key) => key.startsWith('dump:by-sid:'))).toBe(true);
      for (const secret of [...Object.values(TOKENS), id, other.id, 'sub-dump', 'sid-dump']) {
        expect(text).not.toContain(secret);
      }
      // Each session key in the dump, tried as a cookie, opens nothing.
      for (const key of keys.filter((each) => each.startsWith('dump:session:'))) {
        const handle = key.slice('dump:session:'.length);
        expect(await sessions.load(handle, { slide: false })).toBeNull();
      }
      expect(await sessions.load(id, { slide: false })).not.toBeNull();
    } finally {
      await raw.close();
      await store.close();
    }
  });
});

describe('sessions that end with the process (the memory store)', () => {
  const key = randomBytes(32);
  /** One boot of the BFF: a fresh memory store and session manager. */
  const boot = (sessionsEndWithProcess = true) =>
    createSessionManager({
      store: createMemoryStore(),
      idleMs: 15 * MINUTE,
      absoluteMs: 60 * MINUTE,
      now: Date.now,
      encryptionKey: key,
      sessionsEndWithProcess,
    });

  it('tells a session of an earlier boot (the BFF restarted) from one that never was', async () => {
    const before = boot();
    const { id } = await before.create(signIn());
    expect(await before.endReason(id)).toBeNull();

    const after = boot();
    expect(await after.load(id, { slide: false })).toBeNull();
    expect(await after.endReason(id)).toBe('restarted');

    // Made up, or of this very boot but unknown: not signed in, with nothing to explain.
    expect(await after.endReason(randomBytes(32).toString('base64url'))).toBeNull();
    const [ownBoot] = (await after.create(signIn())).id.split('.');
    expect(await after.endReason(`${ownBoot}.${randomBytes(32).toString('base64url')}`)).toBeNull();
  });

  it('still says why when the reason was recorded in this boot', async () => {
    const sessions = boot();
    const { id } = await sessions.create(signIn());
    await sessions.destroy(id, 'replaced');
    expect(await sessions.endReason(id)).toBe('replaced');
  });

  it('gives plain 256-bit ids, and never says "restarted", when sessions outlive the process', async () => {
    const { id } = await boot(false).create(signIn());
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await boot(false).endReason(id)).toBeNull();
  });
});
