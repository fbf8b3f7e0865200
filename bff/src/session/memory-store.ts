import { checkedTtl, StoreError, type KeyValueStore } from './store';

type Entry =
  | { kind: 'value'; value: string; expiresAt: number }
  | { kind: 'set'; members: Set<string>; expiresAt: number };

/** Lazy expiry alone would keep never-read entries (abandoned takeovers) for the process's life. */
const WRITES_BETWEEN_SWEEPS = 1000;

/**
 * Single-process store with lazy expiry; the default when no Redis is configured. The clock is
 * injectable so tests can move time instead of waiting.
 */
export function createMemoryStore(now: () => number = Date.now): KeyValueStore {
  const entries = new Map<string, Entry>();
  let closed = false;
  let writesSinceSweep = 0;

  const open = () => {
    if (closed) throw new StoreError(new Error('store closed'));
  };

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const sweep = () => {
    writesSinceSweep += 1;
    if (writesSinceSweep < WRITES_BETWEEN_SWEEPS) return;
    writesSinceSweep = 0;
    for (const key of entries.keys()) live(key);
  };

  /** Mirrors Redis's WRONGTYPE so both stores fail the same way on a programming error. */
  const valueAt = (key: string) => {
    const entry = live(key);
    if (entry && entry.kind !== 'value') throw new StoreError(new Error(`${key} holds a set`));
    return entry;
  };

  const setAt = (key: string) => {
    const entry = live(key);
    if (entry && entry.kind !== 'set') throw new StoreError(new Error(`${key} holds a value`));
    return entry;
  };

  const write = (key: string, value: string, ttlMs: number) => {
    entries.set(key, { kind: 'value', value, expiresAt: now() + checkedTtl(ttlMs) });
    sweep();
  };

  return {
    async get(key) {
      open();
      return valueAt(key)?.value ?? null;
    },
    async set(key, value, ttlMs) {
      open();
      checkedTtl(ttlMs);
      live(key);
      write(key, value, ttlMs);
    },
    async setIfAbsent(key, value, ttlMs) {
      open();
      checkedTtl(ttlMs);
      if (live(key)) return false;
      write(key, value, ttlMs);
      return true;
    },
    async setIfPresent(key, value, ttlMs) {
      open();
      checkedTtl(ttlMs);
      if (!live(key)) return false;
      write(key, value, ttlMs);
      return true;
    },
    async take(key) {
      open();
      const entry = valueAt(key);
      if (!entry) return null;
      entries.delete(key);
      return entry.value;
    },
    async increment(key, by, ttlMs) {
      open();
      checkedTtl(ttlMs);
      if (!Number.isSafeInteger(by)) throw new RangeError(`by must be an integer, got ${by}`);
      const entry = valueAt(key);
      const current = entry ? Number(entry.value) : 0;
      // Mirrors Redis's "value is not an integer" error.
      if (!Number.isSafeInteger(current) || (entry && !/^-?\d+$/.test(entry.value))) {
        throw new StoreError(new Error(`${key} does not hold an integer`));
      }
      const next = current + by;
      if (entry) entry.value = String(next);
      else write(key, String(next), ttlMs);
      return next;
    },
    async delete(key) {
      open();
      const existed = live(key) !== undefined;
      entries.delete(key);
      return existed;
    },
    async addToSet(key, member, ttlMs) {
      open();
      const expiresAt = now() + checkedTtl(ttlMs);
      const entry = setAt(key);
      if (entry?.kind === 'set') {
        entry.members.add(member);
        entry.expiresAt = Math.max(entry.expiresAt, expiresAt);
      } else {
        entries.set(key, { kind: 'set', members: new Set([member]), expiresAt });
      }
      sweep();
    },
    async members(key) {
      open();
      const entry = setAt(key);
      return entry?.kind === 'set' ? [...entry.members] : [];
    },
    async removeFromSet(key, member) {
      open();
      const entry = setAt(key);
      if (entry?.kind !== 'set') return false;
      const removed = entry.members.delete(member);
      if (entry.members.size === 0) entries.delete(key);
      return removed;
    },
    async ping() {
      return !closed;
    },
    async close() {
      closed = true;
      entries.clear();
    },
  };
}
