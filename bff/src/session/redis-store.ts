/**
 * The KeyValueStore on Redis or Valkey (7.0+: `PEXPIRE ... NX|GT`), shared by every BFF instance.
 * node-redis, the client Redis itself maintains, speaks to both; every write that must be
 * atomic is one command (SET PX NX|XX, GETDEL) or one MULTI.
 *
 * Start-up never waits for Redis: the client connects (and reconnects) in the background,
 * commands issued meanwhile queue for at most `commandTimeoutMs`, and `ping` reports the outage
 * to /health/ready. Every failure surfaces as a StoreError, so no Redis detail reaches a response.
 *
 * node-redis stops timing a command once it is written to the socket: sent to a Redis frozen by
 * SIGSTOP (or a silent network), a GET waited as long as Redis stayed frozen. The deadline on
 * the answer is therefore our own, `withDeadlines` in store.ts, which the composition root puts
 * in front of this store; the timeout here only keeps a command that was never sent from being
 * sent late.
 */
import { createClient } from 'redis';
import { checkedTtl, STORE_DEADLINE_MS, StoreError, type KeyValueStore } from './store';

export const DEFAULT_KEY_PREFIX = 'ers-bff:';

export type RedisStoreOptions = {
  /** `redis://` or `rediss://` (TLS), credentials and database number included. */
  url: string;
  /** Namespaces this BFF's keys when the Redis is shared. */
  keyPrefix?: string;
  /** How long a command may wait to be sent (queued while connecting); not for its reply. */
  commandTimeoutMs?: number;
  /** Connection problems, for the log; the store keeps retrying regardless. */
  onError?: (error: Error) => void;
};

const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * Never give up: a store that stopped reconnecting would need a restart to recover. Exponential
 * back-off with jitter so a fleet of BFFs does not reconnect in step.
 */
function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) + Math.floor(Math.random() * 100);
}

export function createRedisStore(options: RedisStoreOptions): KeyValueStore {
  const prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const timeout = options.commandTimeoutMs ?? STORE_DEADLINE_MS;
  const client = createClient({
    url: options.url,
    commandOptions: { timeout },
    socket: { connectTimeout: timeout, reconnectStrategy: reconnectDelay },
  });
  // Without a listener node-redis's 'error' events would crash the process.
  client.on('error', (error: Error) => options.onError?.(error));
  // Rejects only when closed while still connecting; failures arrive as 'error' events.
  client.connect().catch(() => undefined);

  const at = (key: string) => prefix + key;

  async function run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new StoreError(error);
    }
  }

  const px = (ttlMs: number) => ({ type: 'PX', value: checkedTtl(ttlMs) }) as const;

  return {
    get: (key) => run(() => client.get(at(key))),
    set: async (key, value, ttlMs) => {
      const expiration = px(ttlMs);
      await run(() => client.set(at(key), value, { expiration }));
    },
    setIfAbsent: async (key, value, ttlMs) => {
      const expiration = px(ttlMs);
      const reply = await run(() => client.set(at(key), value, { expiration, condition: 'NX' }));
      return reply === 'OK';
    },
    setIfPresent: async (key, value, ttlMs) => {
      const expiration = px(ttlMs);
      const reply = await run(() => client.set(at(key), value, { expiration, condition: 'XX' }));
      return reply === 'OK';
    },
    take: (key) => run(() => client.getDel(at(key))),
    increment: async (key, by, ttlMs) => {
      const ttl = checkedTtl(ttlMs);
      if (!Number.isSafeInteger(by)) throw new RangeError(`by must be an integer, got ${by}`);
      // NX: only a key this INCRBY just created gets the expiry; a live counter keeps its own.
      const [value] = await run(() =>
        client.multi().incrBy(at(key), by).pExpire(at(key), ttl, 'NX').exec(),
      );
      if (typeof value !== 'number') throw new StoreError(value);
      return value;
    },
    delete: async (key) => (await run(() => client.del(at(key)))) > 0,
    addToSet: async (key, member, ttlMs) => {
      const ttl = checkedTtl(ttlMs);
      // NX gives a new set its expiry, GT extends an existing one: the set's life never shrinks.
      await run(() =>
        client
          .multi()
          .sAdd(at(key), member)
          .pExpire(at(key), ttl, 'NX')
          .pExpire(at(key), ttl, 'GT')
          .exec(),
      );
    },
    members: (key) => run(() => client.sMembers(at(key))),
    removeFromSet: async (key, member) => (await run(() => client.sRem(at(key), member))) > 0,
    ping: async () => {
      try {
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    close: async () => {
      if (!client.isOpen) return;
      // A client still trying to connect has nothing to flush, and close() would wait for it.
      if (client.isReady) await client.close();
      else client.destroy();
    },
  };
}
