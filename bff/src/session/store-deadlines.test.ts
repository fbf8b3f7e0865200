/**
 * Our own deadline on every store command (withDeadlines): with the store frozen, each command
 * ends with a StoreError whose cause is the DeadlineError, when the deadline passes and not
 * before, and `ping` says false. In process with fake timers, and once against a real Redis
 * frozen by SIGSTOP, where node-redis alone waited for as long as Redis stayed frozen.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freezableStore } from '../../test/support/frozen-store';
import { startRedis } from '../../test/support/redis';
import { DeadlineError } from '../http/deadline';
import { createMemoryStore } from './memory-store';
import { createRedisStore } from './redis-store';
import { STORE_DEADLINE_MS, StoreError, withDeadlines, type KeyValueStore } from './store';

const commands: [string, (store: KeyValueStore) => Promise<unknown>][] = [
  ['get', (store) => store.get('k')],
  ['set', (store) => store.set('k', 'v', 60_000)],
  ['setIfAbsent', (store) => store.setIfAbsent('k', 'v', 60_000)],
  ['setIfPresent', (store) => store.setIfPresent('k', 'v', 60_000)],
  ['take', (store) => store.take('k')],
  ['increment', (store) => store.increment('n', 1, 60_000)],
  ['delete', (store) => store.delete('k')],
  ['addToSet', (store) => store.addToSet('s', 'm', 60_000)],
  ['members', (store) => store.members('s')],
  ['removeFromSet', (store) => store.removeFromSet('s', 'm')],
];

describe('every store command has a deadline of its own', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is 2 s', () => {
    expect(STORE_DEADLINE_MS).toBe(2000);
  });

  it.each(commands)('%s on a frozen store fails with a StoreError at 2 s', async (name, run) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const frozen = freezableStore(createMemoryStore());
    const store = withDeadlines(frozen.store);
    frozen.freeze();
    let settled = false;
    const outcome = run(store).then(
      () => 'answered',
      (error: unknown) => error,
    );
    void outcome.finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(STORE_DEADLINE_MS - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const failure = await outcome;
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).status).toBe(503);
    expect((failure as StoreError).code).toBe('service_unavailable');
    expect((failure as StoreError).cause).toBeInstanceOf(DeadlineError);
    expect((failure as StoreError).cause).toMatchObject({ what: `session store ${name}` });
  });

  it('ping on a frozen store answers false at the deadline instead of waiting', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const frozen = freezableStore(createMemoryStore());
    const store = withDeadlines(frozen.store);
    frozen.freeze();
    const ping = store.ping();
    await vi.advanceTimersByTimeAsync(STORE_DEADLINE_MS);
    expect(await ping).toBe(false);
  });

  it('passes answers and the store’s own errors through unchanged', async () => {
    const store = withDeadlines(createMemoryStore());
    await store.set('k', 'v', 60_000);
    expect(await store.get('k')).toBe('v');
    await expect(store.set('k', 'v', 0)).rejects.toThrow(RangeError);
    await store.addToSet('set', 'm', 60_000);
    const wrongType = await store.get('set').catch((error: unknown) => error);
    expect(wrongType).toBeInstanceOf(StoreError);
    expect((wrongType as StoreError).cause).not.toBeInstanceOf(DeadlineError);
  });
});

describe('a real Redis frozen by SIGSTOP', () => {
  it('a command already sent ends at our deadline, and the data is there after the thaw', async () => {
    const redis = await startRedis();
    const store = withDeadlines(createRedisStore({ url: redis.url, onError: () => {} }), 300);
    try {
      await store.set('kept', 'value', 60_000);
      redis.freeze();
      const failure = await store.get('kept').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StoreError);
      expect((failure as StoreError).cause).toBeInstanceOf(DeadlineError);
      expect(await store.ping()).toBe(false);
      redis.thaw();
      expect(await store.get('kept')).toBe('value');
    } finally {
      redis.thaw();
      await store.close();
      await redis.stop();
    }
  });
});
