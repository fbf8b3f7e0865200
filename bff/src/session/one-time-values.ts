/**
 * Values handed out at most once, each under its own short lifetime: the sign-in transaction
 * (from /bff/login to the callback), the parked sign-in (while the user decides on a takeover)
 * and the replay caches (a logout token's `jti`). Taking one is atomic in the store, so a
 * replayed callback or takeover finds nothing, even when two arrive at once.
 */
import { randomBytes } from 'node:crypto';
import type { LoginTransaction, NewSession } from './session';
import type { KeyValueStore } from './store';
import type { StoreLayout } from './store-layout';

export const LOGIN_TRANSACTION_TTL_MS = 10 * 60_000;
export const PARKED_SIGN_IN_TTL_MS = 5 * 60_000;

/** 256 bits from the CSPRNG (ASVS 7.2.3 asks for at least 128). */
export function newId(): string {
  return randomBytes(32).toString('base64url');
}

export function createOneTimeValues(options: {
  store: KeyValueStore;
  layout: StoreLayout;
  now: () => number;
  ttl: { login: number; parked: number };
}) {
  const { store, layout, now, ttl } = options;

  async function take<T>(key: string): Promise<T | null> {
    return layout.open<T>(key, await store.take(key));
  }

  return {
    async beginLogin(transaction: Omit<LoginTransaction, 'createdAt'>) {
      const id = newId();
      const key = layout.keys.login(id);
      const value: LoginTransaction = { ...transaction, createdAt: now() };
      await store.set(key, layout.seal(key, value), ttl.login);
      return id;
    },

    /** Returns the transaction at most once: a replayed callback finds nothing. */
    takeLogin(id: string): Promise<LoginTransaction | null> {
      return take<LoginTransaction>(layout.keys.login(id));
    },

    /**
     * Holds a fully validated sign-in while the user decides whether to end their other
     * session; returns the one-time id to hand back on takeover.
     */
    async parkSignIn(data: NewSession): Promise<string> {
      const id = newId();
      const key = layout.keys.parked(id);
      await store.set(key, layout.seal(key, data), ttl.parked);
      return id;
    },

    /** The parked sign-in, at most once, so a replayed takeover creates no second session. */
    takeParkedSignIn(id: string): Promise<NewSession | null> {
      return take<NewSession>(layout.keys.parked(id));
    },

    /** True the first time `value` is seen in `namespace` within `ttlMs` (replay caches). */
    rememberOnce(namespace: string, value: string, ttlMs: number): Promise<boolean> {
      return store.setIfAbsent(layout.keys.once(namespace, value), '1', ttlMs);
    },
  };
}
