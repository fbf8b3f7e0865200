/**
 * One contract, two stores: whatever the session manager relies on must hold in memory and on
 * Redis alike, or a bug would show only in production. Redis runs for real (Debian's
 * redis-server); its TTLs are real time, so those tests wait briefly.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redisForTests, startRedis } from '../../test/support/redis';
import { createMemoryStore } from './memory-store';
import { createRedisStore } from './redis-store';
import { StoreError, type KeyValueStore } from './store';

type Harness = {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A store of its own; on Redis `prefix` is its namespace. */
  newStore(prefix?: string): KeyValueStore;
  /** Lets `ms` go by as the store sees it. */
  pass(ms: number): Promise<void>;
  /**
   * The TTL the expiry tests use. They check a value is still there half a TTL before it expires,
   * so on a real clock half a TTL must outlast a busy machine's stalls: a 100 ms margin on Redis
   * failed in CI (the event loop of a loaded 2-core runner paused longer than that).
   */
  ttl: number;
};

function memoryHarness(): Harness {
  let now = 1_000_000;
  return {
    name: 'memory',
    start: async () => undefined,
    stop: async () => undefined,
    // In-process stores never share data, so a prefix changes nothing here.
    newStore: () => createMemoryStore(() => now),
    pass: async (ms) => {
      now += ms;
    },
    ttl: 200,
  };
}

function redisHarness(): Harness {
  const redis = redisForTests();
  return {
    name: 'redis',
    start: () => redis.start(),
    stop: () => redis.stop(),
    newStore: (prefix) => createRedisStore({ url: redis.url(), keyPrefix: prefix ?? 'contract:' }),
    pass: async (ms) => {
      await sleep(ms);
    },
    ttl: 1_000,
  };
}

describe.each([memoryHarness(), redisHarness()])('KeyValueStore contract: $name', (harness) => {
  const TTL = harness.ttl;
  let opened: KeyValueStore[] = [];
  const open = (prefix?: string) => {
    const store = harness.newStore(prefix);
    opened.push(store);
    return store;
  };
  let store: KeyValueStore;
  let n = 0;
  const key = () => `key-${(n += 1)}`;

  beforeAll(() => harness.start());
  afterAll(() => harness.stop());
  beforeEach(() => {
    store = open();
  });
  afterEach(async () => {
    await Promise.all(opened.map((each) => each.close()));
    opened = [];
  });

  it('gives back what was set, and null for what never was', async () => {
    const k = key();
    expect(await store.get(k)).toBeNull();
    await store.set(k, 'one', 60_000);
    expect(await store.get(k)).toBe('one');
    await store.set(k, 'two', 60_000);
    expect(await store.get(k)).toBe('two');
  });

  it('forgets a value when its TTL has passed', async () => {
    const k = key();
    await store.set(k, 'v', TTL);
    await harness.pass(TTL / 2);
    expect(await store.get(k)).toBe('v');
    await harness.pass(TTL);
    expect(await store.get(k)).toBeNull();
    expect(await store.delete(k)).toBe(false);
  });

  it('set replaces the expiry too', async () => {
    const k = key();
    await store.set(k, 'short', TTL);
    await store.set(k, 'long', 60_000);
    await harness.pass(TTL * 1.5);
    expect(await store.get(k)).toBe('long');
  });

  it('refuses a TTL that is not a positive number of milliseconds', async () => {
    await expect(store.set(key(), 'v', 0)).rejects.toThrow(RangeError);
    await expect(store.setIfAbsent(key(), 'v', -5)).rejects.toThrow(RangeError);
    await expect(store.addToSet(key(), 'm', Number.NaN)).rejects.toThrow(RangeError);
  });

  it('delete says whether there was something to delete', async () => {
    const k = key();
    await store.set(k, 'v', 60_000);
    expect(await store.delete(k)).toBe(true);
    expect(await store.delete(k)).toBe(false);
    expect(await store.get(k)).toBeNull();
  });

  it('setIfAbsent stores only into an empty key, and again once the old value expired', async () => {
    const k = key();
    expect(await store.setIfAbsent(k, 'first', TTL)).toBe(true);
    expect(await store.setIfAbsent(k, 'second', TTL)).toBe(false);
    expect(await store.get(k)).toBe('first');
    await harness.pass(TTL * 1.5);
    expect(await store.setIfAbsent(k, 'third', TTL)).toBe(true);
    expect(await store.get(k)).toBe('third');
  });

  it('setIfAbsent lets exactly one of many concurrent writers win', async () => {
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.setIfAbsent(k, `writer-${i}`, 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get(k)).toBe(`writer-${results.indexOf(true)}`);
  });

  it('setIfPresent writes only over a live value', async () => {
    const k = key();
    expect(await store.setIfPresent(k, 'ghost', 60_000)).toBe(false);
    expect(await store.get(k)).toBeNull();
    await store.set(k, 'v1', TTL);
    expect(await store.setIfPresent(k, 'v2', TTL)).toBe(true);
    expect(await store.get(k)).toBe('v2');
    await harness.pass(TTL * 1.5);
    expect(await store.setIfPresent(k, 'v3', TTL)).toBe(false);
    expect(await store.get(k)).toBeNull();
  });

  it('take hands a value out once, even to concurrent takers', async () => {
    const k = key();
    await store.set(k, 'once', 60_000);
    const taken = await Promise.all(Array.from({ length: 10 }, () => store.take(k)));
    expect(taken.filter((value) => value === 'once')).toHaveLength(1);
    expect(taken.filter((value) => value === null)).toHaveLength(9);
    expect(await store.get(k)).toBeNull();
    expect(await store.take(key())).toBeNull();
  });

  it('keeps sets: add, list, remove; an emptied set disappears', async () => {
    const k = key();
    expect(await store.members(k)).toEqual([]);
    await store.addToSet(k, 'a', 60_000);
    await store.addToSet(k, 'b', 60_000);
    await store.addToSet(k, 'a', 60_000);
    expect((await store.members(k)).sort()).toEqual(['a', 'b']);
    expect(await store.removeFromSet(k, 'a')).toBe(true);
    expect(await store.removeFromSet(k, 'a')).toBe(false);
    expect(await store.members(k)).toEqual(['b']);
    expect(await store.removeFromSet(k, 'b')).toBe(true);
    expect(await store.members(k)).toEqual([]);
    expect(await store.delete(k)).toBe(false);
    expect(await store.removeFromSet(key(), 'x')).toBe(false);
  });

  it("a set's life is extended by a longer add, never shortened by a shorter one", async () => {
    const k = key();
    await store.addToSet(k, 'long', TTL * 2);
    await store.addToSet(k, 'short', TTL / 4);
    await harness.pass(TTL);
    expect((await store.members(k)).sort()).toEqual(['long', 'short']);
    await store.addToSet(k, 'later', TTL * 2);
    await harness.pass(TTL * 1.5);
    expect((await store.members(k)).sort()).toEqual(['later', 'long', 'short']);
    await harness.pass(TTL);
    expect(await store.members(k)).toEqual([]);
  });

  it('delete removes a whole set', async () => {
    const k = key();
    await store.addToSet(k, 'a', 60_000);
    expect(await store.delete(k)).toBe(true);
    expect(await store.members(k)).toEqual([]);
  });

  it('refuses to use a value as a set or a set as a value', async () => {
    const value = key();
    const set = key();
    await store.set(value, 'v', 60_000);
    await store.addToSet(set, 'm', 60_000);
    await expect(store.addToSet(value, 'm', 60_000)).rejects.toThrow(StoreError);
    await expect(store.members(value)).rejects.toThrow(StoreError);
    await expect(store.get(set)).rejects.toThrow(StoreError);
    await expect(store.take(set)).rejects.toThrow(StoreError);
    // Overwriting is not using: set replaces whatever the key held, as Redis's SET does.
    await store.set(set, 'now a value', 60_000);
    expect(await store.get(set)).toBe('now a value');
  });

  it('increment counts from zero, atomically, readable with get', async () => {
    const k = key();
    expect(await store.increment(k, 1, 60_000)).toBe(1);
    expect(await store.increment(k, 4, 60_000)).toBe(5);
    expect(await store.increment(k, -2, 60_000)).toBe(3);
    expect(await store.get(k)).toBe('3');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store.increment(k, 1, 60_000)),
    );
    expect(new Set(results).size).toBe(20);
    expect(Math.max(...results)).toBe(23);
  });

  it('increment gives a new counter its TTL and leaves a live one its own', async () => {
    const k = key();
    await store.increment(k, 1, TTL);
    await harness.pass(TTL / 2);
    // A longer TTL on a live counter must not extend it: a rate window would never end.
    await store.increment(k, 1, 60_000);
    await harness.pass(TTL * 0.75);
    expect(await store.get(k)).toBeNull();
    expect(await store.increment(k, 1, 60_000)).toBe(1);
  });

  it('increment refuses a key that holds a set or a non-number', async () => {
    const set = key();
    const text = key();
    await store.addToSet(set, 'm', 60_000);
    await store.set(text, 'not a number', 60_000);
    await expect(store.increment(set, 1, 60_000)).rejects.toThrow(StoreError);
    await expect(store.increment(text, 1, 60_000)).rejects.toThrow(StoreError);
  });

  it('stores with different prefixes never see each other', async () => {
    const k = key();
    const mine = open('mine:');
    const theirs = open('theirs:');
    await mine.set(k, 'mine', 60_000);
    expect(await theirs.get(k)).toBeNull();
    expect(await theirs.setIfAbsent(k, 'theirs', 60_000)).toBe(true);
    expect(await mine.get(k)).toBe('mine');
  });

  it('answers ping while open; after close, ping is false and calls reject', async () => {
    const own = open('closing:');
    expect(await own.ping()).toBe(true);
    await own.close();
    expect(await own.ping()).toBe(false);
    await expect(own.get('k')).rejects.toThrow(StoreError);
    await expect(own.set('k', 'v', 1000)).rejects.toThrow(StoreError);
  });
});

describe('Redis store specifics', () => {
  const redis = redisForTests();
  beforeAll(() => redis.start());
  afterAll(() => redis.stop());

  it('puts the prefix in front of every key it writes', async () => {
    const store = createRedisStore({ url: redis.url(), keyPrefix: 'prefix-test:' });
    const raw = createClient({ url: redis.url() });
    await raw.connect();
    try {
      await store.set('value', 'v', 60_000);
      await store.addToSet('set', 'm', 60_000);
      expect((await raw.keys('*')).sort()).toEqual(['prefix-test:set', 'prefix-test:value']);
      expect(await raw.pTTL('prefix-test:set')).toBeGreaterThan(59_000);
    } finally {
      await store.close();
      await raw.close();
    }
  });

  it('defaults the prefix to ers-bff:', async () => {
    const store = createRedisStore({ url: redis.url() });
    const raw = createClient({ url: redis.url() });
    await raw.connect();
    try {
      await store.set('default-prefix', 'v', 60_000);
      expect(await raw.get('ers-bff:default-prefix')).toBe('v');
    } finally {
      await store.close();
      await raw.close();
    }
  });

  it('reports an unreachable Redis as not ready, and fails calls without its details', async () => {
    const errors: Error[] = [];
    const nobody = await startRedis();
    await nobody.stop();
    const store = createRedisStore({
      url: nobody.url,
      commandTimeoutMs: 200,
      onError: (error) => errors.push(error),
    });
    try {
      expect(await store.ping()).toBe(false);
      const failure = await store.get('k').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StoreError);
      expect((failure as Error).message).toBe('The session store failed');
      expect((failure as Error).message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|timeout/i);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('recovers when Redis comes back', async () => {
    const flaky = await startRedis();
    const store = createRedisStore({ url: flaky.url, commandTimeoutMs: 200, onError: () => {} });
    try {
      await store.set('k', 'v', 60_000);
      await flaky.stop();
      expect(await store.ping()).toBe(false);
      // Same port again: the store's own reconnects must find it without a restart.
      const again = await startRedis({ port: Number(new URL(flaky.url).port) });
      try {
        await expect.poll(() => store.ping(), { timeout: 5000 }).toBe(true);
      } finally {
        await again.stop();
      }
    } finally {
      await store.close();
    }
  });
});
