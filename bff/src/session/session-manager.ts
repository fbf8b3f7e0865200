/**
 * Sessions and sign-in transactions over a KeyValueStore, with the idle and absolute timeouts
 * enforced here on the server (the cookie carries no expiry the browser could be trusted with).
 */
import { randomBytes } from 'node:crypto';
import type { KeyValueStore } from './store';
import type { LoginTransaction, Session } from './session';

/** 256 bits from the CSPRNG (ASVS 7.2.3 asks for at least 128). */
function newId(): string {
  return randomBytes(32).toString('base64url');
}

const LOGIN_TRANSACTION_TTL_MS = 10 * 60 * 1000;

export type SessionManagerOptions = {
  store: KeyValueStore;
  idleMs: number;
  absoluteMs: number;
  now: () => number;
};

export type SessionManager = ReturnType<typeof createSessionManager>;

export function createSessionManager({ store, idleMs, absoluteMs, now }: SessionManagerOptions) {
  const sessionKey = (id: string) => `session:${id}`;
  const transactionKey = (id: string) => `login:${id}`;

  const ttlOf = (session: Session) =>
    Math.max(1, Math.min(session.lastSeenAt + idleMs, session.expiresAt) - now());

  return {
    idleMs,
    absoluteMs,

    /** A new id at every sign-in, so an id planted before sign-in is worthless (no fixation). */
    async create(data: Omit<Session, 'createdAt' | 'lastSeenAt' | 'expiresAt'>) {
      const at = now();
      const session: Session = {
        ...data,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: at + absoluteMs,
      };
      const id = newId();
      await store.set(sessionKey(id), JSON.stringify(session), ttlOf(session));
      return { id, session };
    },

    /**
     * Loads a live session. `slide` records activity (extends the idle deadline); polling the
     * session state passes `slide: false` so it never counts as activity.
     */
    async load(id: string, { slide }: { slide: boolean }): Promise<Session | null> {
      const raw = await store.get(sessionKey(id));
      if (!raw) return null;
      const session = JSON.parse(raw) as Session;
      const at = now();
      if (at >= session.expiresAt || at >= session.lastSeenAt + idleMs) {
        await store.delete(sessionKey(id));
        return null;
      }
      if (slide) {
        session.lastSeenAt = at;
        await store.set(sessionKey(id), JSON.stringify(session), ttlOf(session));
      }
      return session;
    },

    async save(id: string, session: Session) {
      await store.set(sessionKey(id), JSON.stringify(session), ttlOf(session));
    },

    async destroy(id: string) {
      await store.delete(sessionKey(id));
    },

    idleExpiresAt(session: Session) {
      return Math.min(session.lastSeenAt + idleMs, session.expiresAt);
    },

    async beginLogin(transaction: Omit<LoginTransaction, 'createdAt'>) {
      const id = newId();
      const value: LoginTransaction = { ...transaction, createdAt: now() };
      await store.set(transactionKey(id), JSON.stringify(value), LOGIN_TRANSACTION_TTL_MS);
      return id;
    },

    /** Returns the transaction at most once: a replayed callback finds nothing. */
    async takeLogin(id: string): Promise<LoginTransaction | null> {
      const raw = await store.get(transactionKey(id));
      if (!raw) return null;
      const consumed = await store.delete(transactionKey(id));
      return consumed ? (JSON.parse(raw) as LoginTransaction) : null;
    },
  };
}
