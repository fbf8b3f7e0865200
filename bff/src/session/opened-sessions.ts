/**
 * The sessions this process opened last, so a request on a session whose stored value has not
 * changed since (the idle deadline slides at most every 30 s) skips the HMAC of its id, the
 * AES-GCM decryption and the JSON parse: about a tenth of the BFF's CPU per proxied e-RS call
 * (`bff/bench`). The stored value is still read on every request and must equal, character for
 * character, the one decrypted before: a session ended, changed or resealed by any instance is
 * opened afresh, and a value that never opened is never remembered.
 *
 * Callers get a shallow copy whose nested objects are frozen: they may set a top-level field (the
 * idle deadline) without changing what is remembered, and writing into a nested one throws.
 */
import type { Session } from './session';
import type { SessionHandle } from './store-layout';

/** Enough for every clinician one instance serves at once; the oldest is forgotten first. */
export const OPENED_SESSIONS_MAX = 1000;

type Opened = { handle: SessionHandle; sealed: string; session: Session };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}

export function openedSessions(max = OPENED_SESSIONS_MAX) {
  /** By session id (the cookie value), so its handle is not derived again either. */
  const byId = new Map<string, Opened>();

  return {
    /** The handle last derived for `id`, if this process opened its session. */
    handleOf: (id: string): SessionHandle | undefined => byId.get(id)?.handle,

    /** The session `sealed` opened to before, if that is exactly what the store holds now. */
    get(id: string, sealed: string): Session | undefined {
      const opened = byId.get(id);
      return opened && opened.sealed === sealed ? { ...opened.session } : undefined;
    },

    /** Remembers what `sealed` opened to; `session` is frozen below its top level. */
    remember(id: string, handle: SessionHandle, sealed: string, session: Session): Session {
      const remembered = { ...session };
      for (const nested of Object.values(remembered)) deepFreeze(nested);
      byId.delete(id);
      byId.set(id, { handle, sealed, session: remembered });
      if (byId.size > max) byId.delete(byId.keys().next().value!);
      return { ...remembered };
    },

    forget(id: string): void {
      byId.delete(id);
    },
  };
}
