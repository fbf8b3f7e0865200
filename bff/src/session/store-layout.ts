/**
 * What the session manager keeps in the KeyValueStore, and under which keys (before the store's
 * own prefix); every value sealed unless noted:
 *
 *   session:<handle>     Session                    until the idle or absolute deadline
 *   lapse:<handle>       reason it will lapse, plain    deadline + 1 h
 *   ended:<handle>       reason it was ended, plain     1 h
 *   by-sub:<name(sub)>   set of handles             the absolute lifetime, extended per add
 *   by-sid:<name(sid)>   set of handles             the same
 *   parked:<name(id)>    NewSession                 5 min
 *   once:<ns>:<name(v)>  "1", plain                 the caller's TTL (`login-state`: a
 *                                                   completed sign-in's state, 10 min at most)
 *
 * Names are keyed HMACs (session-crypto.ts), so a store dump holds no session id, no CIS2
 * identifier and nothing that turns back into either.
 */
import type { SessionCrypto } from './session-crypto';

/** HMAC of a session id: names a session in indexes without being usable as its cookie. */
export type SessionHandle = string & { readonly __brand: 'SessionHandle' };

export type StoreLayout = ReturnType<typeof storeLayout>;

export function storeLayout(crypto: SessionCrypto) {
  return {
    handleOf: (id: string) => crypto.name('session', id) as SessionHandle,
    keys: {
      session: (handle: SessionHandle) => `session:${handle}`,
      lapse: (handle: SessionHandle) => `lapse:${handle}`,
      ended: (handle: SessionHandle) => `ended:${handle}`,
      bySub: (sub: string) => `by-sub:${crypto.name('sub', sub)}`,
      bySid: (sid: string) => `by-sid:${crypto.name('sid', sid)}`,
      parked: (id: string) => `parked:${crypto.name('parked', id)}`,
      once: (namespace: string, value: string) =>
        `once:${namespace}:${crypto.name(`once:${namespace}`, value)}`,
    },

    /** `value` as JSON, sealed for the key it is written under. */
    seal(key: string, value: unknown): string {
      return crypto.seal(key, JSON.stringify(value));
    },

    /** Authenticated decryption, so the parsed shape is one this BFF wrote under this key. */
    open<T>(key: string, sealed: string | null): T | null {
      const plaintext = sealed === null ? null : crypto.open(key, sealed);
      return plaintext === null ? null : (JSON.parse(plaintext) as T);
    },
  };
}
