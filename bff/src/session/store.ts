/**
 * Where sessions live. The in-memory store is the default for one instance; a Redis store
 * (shared across instances) implements the same interface.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  /** Stores `value` until `ttlMs` from now. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Removes the key; returns whether it existed (so one-time values can be consumed once). */
  delete(key: string): Promise<boolean>;
  /** Is the store reachable? For /health/ready. */
  ping(): Promise<boolean>;
}
