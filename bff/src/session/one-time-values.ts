/**
 * Values used at most once, each under its own short lifetime: the sign-in transaction (from
 * /bff/login to the callback), the parked sign-in (while the user decides on a takeover) and the
 * replay caches (a logout token's `jti`). Using one is atomic in the store, so a replayed
 * callback or takeover finds nothing, even when two arrive at once.
 *
 * The sign-in transaction is not stored at all until CIS2 has signed the user in: it rides,
 * sealed, in the login cookie, because `/bff/login` answers anyone, and anything it stored would
 * let a flood of sign-ins that never finish fill the store. Only a completed sign-in writes its
 * `state`, once, so its callback cannot be replayed.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SessionCrypto } from './session-crypto';
import type { LoginTransaction, NewSession } from './session';
import type { KeyValueStore } from './store';
import type { StoreLayout } from './store-layout';

export const LOGIN_TRANSACTION_TTL_MS = 10 * 60_000;
export const PARKED_SIGN_IN_TTL_MS = 5 * 60_000;

/** 256 bits from the CSPRNG (ASVS 7.2.3 asks for at least 128). */
export function newId(): string {
  return randomBytes(32).toString('base64url');
}

/** The sealing's purpose (its AAD), so no other value we seal opens as a login cookie. */
const LOGIN_COOKIE_PURPOSE = 'login-transaction v1';

const LoginTransactionSchema = z.object({
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  returnTo: z.string(),
  createdAt: z.number(),
});

export function createOneTimeValues(options: {
  store: KeyValueStore;
  layout: StoreLayout;
  crypto: SessionCrypto;
  now: () => number;
  ttl: { login: number; parked: number };
}) {
  const { store, layout, crypto, now, ttl } = options;
  const completedKey = (transaction: LoginTransaction) =>
    layout.keys.once('login-state', transaction.state);

  async function take<T>(key: string): Promise<T | null> {
    return layout.open<T>(key, await store.take(key));
  }

  return {
    /** The login cookie's value: the transaction sealed for the browser to carry. */
    beginLogin(transaction: Omit<LoginTransaction, 'createdAt'>): string {
      const value: LoginTransaction = { ...transaction, createdAt: now() };
      return crypto.sealForBrowser(LOGIN_COOKIE_PURPOSE, JSON.stringify(value));
    },

    /**
     * The transaction a login cookie carries; null when it was not sealed by us, is older than
     * the sign-in's lifetime (the cookie's own expiry is the browser's to honour), or its
     * sign-in has already completed (a replayed callback). Stores nothing.
     */
    async readLogin(cookie: string): Promise<LoginTransaction | null> {
      const plaintext = crypto.openFromBrowser(LOGIN_COOKIE_PURPOSE, cookie);
      if (plaintext === null) return null;
      const parsed = LoginTransactionSchema.safeParse(JSON.parse(plaintext));
      if (!parsed.success) return null;
      const transaction = parsed.data;
      // Only we seal these, so a createdAt ahead of our clock is another instance's clock skew.
      if (now() - transaction.createdAt >= ttl.login) return null;
      return (await store.get(completedKey(transaction))) === null ? transaction : null;
    },

    /**
     * Marks the transaction's sign-in complete, for as long as its cookie could be replayed.
     * False when another callback completed it first: only one of two racing callbacks wins.
     */
    completeLogin(transaction: LoginTransaction): Promise<boolean> {
      const remainingMs = Math.max(1, transaction.createdAt + ttl.login - now());
      return store.setIfAbsent(completedKey(transaction), '1', remainingMs);
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
