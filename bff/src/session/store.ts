import { AppError } from '../http/app-error';
import { beforeDeadline, DeadlineError } from '../http/deadline';

/**
 * Where sessions, parked sign-ins, indexes and replay caches live. The in-memory store is
 * the default for one instance; the Redis store (shared across instances) behaves identically,
 * which `store.contract.test.ts` checks by running one suite against both.
 *
 * Every value expires: nothing the BFF writes may outlive its purpose. Values are opaque
 * strings; the session manager encrypts them before they get here.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  /** Stores `value` until `ttlMs` from now, replacing any value and expiry. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Atomic: stores only when the key holds nothing. True when it stored (first writer wins). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Atomic: stores only when the key still holds a value. True when it stored. Writing a session
   * back this way means a session ended meanwhile (sign-out, back-channel logout) stays ended.
   */
  setIfPresent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Atomic read-and-remove: a one-time value is handed out at most once, even under races. */
  take(key: string): Promise<string | null>;
  /**
   * Atomic: adds `by` (may be negative) to the integer held at `key`, 0 when there is none, and
   * returns the result. A new key lives `ttlMs`; an existing key keeps its expiry. For counters
   * shared by every instance (the e-RS rate limiter). A key holding something else rejects.
   */
  increment(key: string, by: number, ttlMs: number): Promise<number>;
  /** Removes the key (value or set); returns whether it existed. */
  delete(key: string): Promise<boolean>;
  /**
   * Adds `member` to the set at `key`. The set lives at least `ttlMs` from now: a later add can
   * extend its life but never shorten it, so an index outlives every session it lists.
   */
  addToSet(key: string, member: string, ttlMs: number): Promise<void>;
  /** The set's members in no particular order; [] when there is no set. */
  members(key: string): Promise<string[]>;
  /** Returns whether `member` was there. A set left empty disappears. */
  removeFromSet(key: string, member: string): Promise<boolean>;
  /** Is the store reachable? For /health/ready; never throws. */
  ping(): Promise<boolean>;
  /** Releases connections; afterwards `ping` is false and every other call rejects. */
  close(): Promise<void>;
}

/**
 * Any failure of the store itself (unreachable, timed out, closed, wrong kind of value): the
 * request fails closed with a 503, never a guess without the store. The message is deliberately
 * bland: the cause, which may name hosts, stays in `cause` for the logs.
 */
export class StoreError extends AppError {
  override name = 'StoreError';
  constructor(cause?: unknown) {
    super(
      503,
      'service_unavailable',
      'The service cannot reach its session store at the moment. Try again in a minute.',
      { cause },
    );
    this.message = 'The session store failed';
  }
}

/** How long any one store command may take, from being issued to its answer. */
export const STORE_DEADLINE_MS = 2000;

/**
 * The store with our own deadline on every command: past it the command rejects with a
 * StoreError (its cause a DeadlineError) and `ping` answers false, whatever the store's client
 * does meanwhile. A command that missed its deadline may still take effect later (a frozen Redis
 * that resumes runs what it had received), so callers treat it as "unknown", never as "not done".
 * The composition root puts every store behind this, so a store a supplier adds gets it too.
 */
export function withDeadlines(store: KeyValueStore, ms = STORE_DEADLINE_MS): KeyValueStore {
  const bounded = <T>(command: string, call: () => Promise<T>) =>
    beforeDeadline(`session store ${command}`, ms, call).catch((error: unknown) => {
      throw error instanceof DeadlineError ? new StoreError(error) : error;
    });
  return {
    get: (key) => bounded('get', () => store.get(key)),
    set: (key, value, ttlMs) => bounded('set', () => store.set(key, value, ttlMs)),
    setIfAbsent: (key, value, ttlMs) =>
      bounded('setIfAbsent', () => store.setIfAbsent(key, value, ttlMs)),
    setIfPresent: (key, value, ttlMs) =>
      bounded('setIfPresent', () => store.setIfPresent(key, value, ttlMs)),
    take: (key) => bounded('take', () => store.take(key)),
    increment: (key, by, ttlMs) => bounded('increment', () => store.increment(key, by, ttlMs)),
    delete: (key) => bounded('delete', () => store.delete(key)),
    addToSet: (key, member, ttlMs) => bounded('addToSet', () => store.addToSet(key, member, ttlMs)),
    members: (key) => bounded('members', () => store.members(key)),
    removeFromSet: (key, member) =>
      bounded('removeFromSet', () => store.removeFromSet(key, member)),
    ping: () => beforeDeadline('session store ping', ms, () => store.ping()).catch(() => false),
    close: () => store.close(),
  };
}

/** Both stores refuse the same TTLs, so code that works on one works on the other. */
export function checkedTtl(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs < 1) {
    throw new RangeError(`ttlMs must be a positive number of milliseconds, got ${ttlMs}`);
  }
  return Math.ceil(ttlMs);
}
