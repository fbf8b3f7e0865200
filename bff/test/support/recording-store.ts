/**
 * A session store that records every call naming a key, so a test can tell whether a refused
 * sign-in wrote anything at all.
 */
import type { KeyValueStore } from '../../src/session/store';

export type StoreOperation = { op: string; key: string };

/** Forwards whatever the store offers, so it keeps working as the KeyValueStore interface grows. */
export function recordingStore(inner: KeyValueStore) {
  const operations: StoreOperation[] = [];
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof args[0] === 'string') operations.push({ op: String(property), key: args[0] });
        return Reflect.apply(value, target, args);
      };
    },
  });
  return { store, operations };
}

/** Store calls that add or replace data (`set`, `setIfAbsent`, `addToSet`, ...). */
export const isWrite = (operation: StoreOperation) => /^(set|add)/i.test(operation.op);
