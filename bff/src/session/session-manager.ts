/**
 * Sessions, sign-in transactions, parked sign-ins and replay caches over a KeyValueStore, with
 * the idle and absolute timeouts enforced here on the server (the cookie carries no expiry the
 * browser could be trusted with).
 *
 * API, in the terms the routes use:
 * - `create(data)` → `{ id, session }`: a new id at every sign-in (no fixation), indexed under
 *   the user's CIS2 `sub` and `sid`. `load(id, { slide })`, `save(id, session)`,
 *   `destroy(id, reason?)`, `endReason(id)`.
 * - Other sessions are reached through *handles*: `handlesForSub(sub)`, `handlesForSid(sid)`,
 *   `destroyByHandle(handle, reason?)`, `destroyAllForSub(sub, reason, exceptId?)`,
 *   `destroyAllForSid(sid, reason)`, `handleOf(id)`. A handle is HMAC(id): it can end a session
 *   but cannot be turned back into its cookie, so the indexes in a store dump replay nothing.
 * - `beginLogin`/`readLogin`/`completeLogin` (10 min, once; carried in the login cookie, not
 *   stored), `parkSignIn`/`takeParkedSignIn` (5 min, once) for the one-session-per-user
 *   takeover, `rememberOnce` for replay caches (logout-token `jti`).
 *
 * What the store holds, and under which keys: store-layout.ts.
 *
 * The store expires a session at its deadline on its own, so the reason it lapsed is written
 * ahead (`lapse:`) at every write: without it a timed-out user could not be told why.
 *
 * Activity slides the idle deadline at most every `SLIDE_EVERY_MS`: a slide reseals the session
 * (JSON, AES-GCM) and makes two store writes, too much to do on every API call for a deadline
 * counted in minutes. A user therefore times out between `idleMs` minus 30 s and `idleMs` after
 * their last request: early, never late. A changed session is still written at once (`save`).
 */
import { randomBytes } from 'node:crypto';
import { SESSION_END_REASONS, type SessionEndReason } from '@ers/shared/bff-contract';
import {
  createOneTimeValues,
  LOGIN_TRANSACTION_TTL_MS,
  newId,
  PARKED_SIGN_IN_TTL_MS,
} from './one-time-values';
import { createSessionCrypto, SESSION_KEY_BYTES } from './session-crypto';
import type { NewSession, Session } from './session';
import type { KeyValueStore } from './store';
import { openedSessions } from './opened-sessions';
import { storeLayout, type SessionHandle } from './store-layout';

/** SESSION_CONCURRENCY: `single` offers a takeover when the user is signed in elsewhere. */
export type SessionConcurrency = 'allow' | 'single';

/** How long the SPA can still learn why a session ended. */
export const END_REASON_TTL_MS = 60 * 60_000;
/** Activity within this long of the last recorded activity does not move the idle deadline. */
export const SLIDE_EVERY_MS = 30_000;

export type SessionManagerOptions = {
  store: KeyValueStore;
  idleMs: number;
  absoluteMs: number;
  now: () => number;
  /**
   * SESSION_ENCRYPTION_KEY, 32 bytes. Omitted, a random one: sessions then die with the process,
   * which the in-memory store does anyway.
   */
  encryptionKey?: Uint8Array;
  concurrency?: SessionConcurrency;
  /**
   * The store forgets every session when this process ends (the memory store). Each session id
   * then starts with an id of this boot, so a cookie from before a restart is told apart from
   * one that never was, and the user learns why they have to sign in again.
   */
  sessionsEndWithProcess?: boolean;
  /** Shorter one-time lifetimes, for tests. */
  ttls?: Partial<{ loginMs: number; parkedSignInMs: number; endReasonMs: number }>;
};

export type SessionManager = ReturnType<typeof createSessionManager>;

/**
 * Session ids as `<boot id>.<256-bit id>`. A cookie naming another boot is one this BFF gave out
 * before it restarted (anyone can make one up, but then only they are told "restarted").
 */
function bootIds() {
  const bootId = randomBytes(9).toString('base64url');
  const ofBoot = /^([A-Za-z0-9_-]{12})\.[A-Za-z0-9_-]{43}$/;
  return {
    idOfThisBoot: () => `${bootId}.${newId()}`,
    isOfEarlierBoot(id: string) {
      const match = ofBoot.exec(id);
      return match !== null && match[1] !== bootId;
    },
  };
}

function asEndReason(value: string | null): SessionEndReason | null {
  return SESSION_END_REASONS.find((reason) => reason === value) ?? null;
}

export function createSessionManager(options: SessionManagerOptions) {
  const { store, idleMs, absoluteMs, now } = options;
  const crypto = createSessionCrypto(options.encryptionKey ?? randomBytes(SESSION_KEY_BYTES));
  const ttl = {
    login: options.ttls?.loginMs ?? LOGIN_TRANSACTION_TTL_MS,
    parked: options.ttls?.parkedSignInMs ?? PARKED_SIGN_IN_TTL_MS,
    endReason: options.ttls?.endReasonMs ?? END_REASON_TTL_MS,
  };

  const layout = storeLayout(crypto);
  const { handleOf, keys } = layout;
  const boot = options.sessionsEndWithProcess ? bootIds() : null;
  const opened = openedSessions();

  const deadlineOf = (session: Session) => Math.min(session.lastSeenAt + idleMs, session.expiresAt);
  /** The deadline that comes first names the reason; a tie counts as the absolute limit. */
  const lapseReasonOf = (session: Session): SessionEndReason =>
    session.lastSeenAt + idleMs < session.expiresAt ? 'idle' : 'absolute';
  const remainingMs = (session: Session) => Math.max(1, deadlineOf(session) - now());

  /**
   * `existing` writes only over a live value: a request that loaded the session before a
   * sign-out or back-channel logout must not bring it back when it saves.
   */
  async function write(handle: SessionHandle, session: Session, mode: 'new' | 'existing') {
    const key = keys.session(handle);
    const sealed = layout.seal(key, session);
    const ttlMs = remainingMs(session);
    const lapseTtlMs = ttlMs + ttl.endReason;
    if (mode === 'new') {
      await store.set(keys.lapse(handle), lapseReasonOf(session), lapseTtlMs);
      await store.set(key, sealed, ttlMs);
      return true;
    }
    if (!(await store.setIfPresent(key, sealed, ttlMs))) return false;
    await store.setIfPresent(keys.lapse(handle), lapseReasonOf(session), lapseTtlMs);
    return true;
  }

  /** The session if it is within both deadlines; one found past them is ended here, with why. */
  async function live(handle: SessionHandle, id?: string): Promise<Session | null> {
    const key = keys.session(handle);
    const sealed = await store.get(key);
    let session = id === undefined || sealed === null ? null : (opened.get(id, sealed) ?? null);
    if (!session) {
      session = layout.open<Session>(key, sealed);
      if (session && id !== undefined && sealed !== null) {
        session = opened.remember(id, handle, sealed, session);
      } else if (id !== undefined) {
        opened.forget(id);
      }
    }
    if (!session) return null;
    if (now() < deadlineOf(session)) return session;
    if (id !== undefined) opened.forget(id);
    await destroyByHandle(handle, lapseReasonOf(session));
    return null;
  }

  async function index(handle: SessionHandle, session: Session) {
    await store.addToSet(keys.bySub(session.sub), handle, absoluteMs);
    if (session.sid) await store.addToSet(keys.bySid(session.sid), handle, absoluteMs);
  }

  async function unindex(handle: SessionHandle, session: Session) {
    await store.removeFromSet(keys.bySub(session.sub), handle);
    if (session.sid) await store.removeFromSet(keys.bySid(session.sid), handle);
  }

  /** Live handles in an index; entries of sessions that have gone are dropped on the way. */
  async function liveHandles(indexKey: string, belongs: (session: Session) => boolean) {
    const handles = (await store.members(indexKey)) as SessionHandle[];
    const checked = await Promise.all(
      handles.map(async (handle) => {
        const session = await live(handle);
        if (session && belongs(session)) return handle;
        await store.removeFromSet(indexKey, handle);
        return null;
      }),
    );
    return checked.filter((handle): handle is SessionHandle => handle !== null);
  }

  async function destroyByHandle(handle: SessionHandle, reason?: SessionEndReason) {
    const key = keys.session(handle);
    // Taken, not read then deleted: two concurrent ends count (and record a reason) once.
    const sealed = await store.take(key);
    if (sealed === null) return false;
    const session = layout.open<Session>(key, sealed);
    if (session) await unindex(handle, session);
    if (reason) await store.set(keys.ended(handle), reason, ttl.endReason);
    await store.delete(keys.lapse(handle));
    return true;
  }

  async function destroyAll(handles: SessionHandle[], reason: SessionEndReason) {
    const ended = await Promise.all(handles.map((handle) => destroyByHandle(handle, reason)));
    return ended.filter(Boolean).length;
  }

  const handlesForSub = (sub: string) =>
    liveHandles(keys.bySub(sub), (session) => session.sub === sub);
  const handlesForSid = (sid: string) =>
    liveHandles(keys.bySid(sid), (session) => session.sid === sid);

  return {
    idleMs,
    absoluteMs,
    concurrency: options.concurrency ?? 'allow',

    /** A new id at every sign-in, so an id planted before sign-in is worthless (no fixation). */
    async create(data: NewSession): Promise<{ id: string; session: Session }> {
      const at = now();
      const session: Session = {
        ...data,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: at + absoluteMs,
      };
      const id = boot ? boot.idOfThisBoot() : newId();
      const handle = handleOf(id);
      // Indexed before it exists, so a back-channel logout can always find it; a failed write
      // leaves only an index entry that lookups prune.
      await index(handle, session);
      await write(handle, session, 'new');
      return { id, session };
    },

    /**
     * Loads a live session. `slide` records activity (extends the idle deadline); polling the
     * session state passes `slide: false` so it never counts as activity.
     */
    async load(id: string, { slide }: { slide: boolean }): Promise<Session | null> {
      const handle = opened.handleOf(id) ?? handleOf(id);
      const session = await live(handle, id);
      if (!session || !slide) return session;
      const at = now();
      if (at - session.lastSeenAt < SLIDE_EVERY_MS) return session;
      session.lastSeenAt = at;
      return (await write(handle, session, 'existing')) ? session : null;
    },

    /** Writes back a changed session (e.g. refreshed tokens); false when it has ended meanwhile. */
    save(id: string, session: Session): Promise<boolean> {
      return write(handleOf(id), session, 'existing');
    },

    /**
     * Ends the session now. With a `reason`, `endReason` reports it for an hour; without one
     * (the user signed out here) nothing is recorded. True when there was a session to end.
     */
    destroy(id: string, reason?: SessionEndReason): Promise<boolean> {
      opened.forget(id);
      return destroyByHandle(handleOf(id), reason);
    },

    /** Why the session ended, for the SPA's "session ended" page; null while it is live. */
    async endReason(id: string): Promise<SessionEndReason | null> {
      const handle = handleOf(id);
      if (await live(handle)) return null;
      const ended = asEndReason(await store.get(keys.ended(handle)));
      const lapsed = ended ?? asEndReason(await store.get(keys.lapse(handle)));
      return lapsed ?? (boot?.isOfEarlierBoot(id) ? 'restarted' : null);
    },

    handleOf,
    handlesForSub,
    handlesForSid,
    destroyByHandle,

    /** Ends every session of the user (one-session policy: all but `exceptId`). Returns how many. */
    async destroyAllForSub(sub: string, reason: SessionEndReason, exceptId?: string) {
      const except = exceptId === undefined ? null : handleOf(exceptId);
      const handles = await handlesForSub(sub);
      return destroyAll(
        handles.filter((handle) => handle !== except),
        reason,
      );
    },

    /** Ends the sessions of one CIS2 session (back-channel logout). Returns how many. */
    async destroyAllForSid(sid: string, reason: SessionEndReason) {
      return destroyAll(await handlesForSid(sid), reason);
    },

    idleExpiresAt(session: Session) {
      return deadlineOf(session);
    },

    ...createOneTimeValues({ store, layout, crypto, now, ttl }),
  };
}
