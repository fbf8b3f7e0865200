/**
 * A session store that can be frozen, as a Redis stopped by SIGSTOP is: while frozen, every call
 * is held unanswered (nothing fails, nothing returns); thawed, the held calls run in order and
 * answer. For in-process tests that drive the deadline with fake timers; redis.ts freezes a
 * real Redis for the same fault over the network.
 */
import type { KeyValueStore } from '../../src/session/store';

export function freezableStore(inner: KeyValueStore) {
  let frozen = false;
  let held: (() => void)[] = [];
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        const call = () => Reflect.apply(value, target, args) as Promise<unknown>;
        if (!frozen) return call();
        return new Promise((resolve, reject) => {
          held.push(() => call().then(resolve, reject));
        });
      };
    },
  });
  return {
    store,
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      const waiting = held;
      held = [];
      for (const run of waiting) run();
    },
    /** Calls waiting for the thaw. */
    held: () => held.length,
  };
}
