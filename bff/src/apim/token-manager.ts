/**
 * Keeps each session's APIM access token fresh. APIM refresh tokens are single-use, so two
 * refreshes racing for one session would leave it with a dead token (NHS integrators have hit
 * exactly this): refreshing is single-flight per session, within this process (one shared
 * promise) and across instances (a lock in the shared store, then a re-read of the session).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logging/logger';
import type { Session } from '../session/session';
import type { SessionManager } from '../session/session-manager';
import type { KeyValueStore } from '../session/store';
import type { AccessTokenOutcome, AccessTokens } from './access-tokens';
import type { ApimClient, ApimTokens, TokenExchangeOutcome } from './token-exchange';

/** Refresh when this little is left, so no request leaves with a token about to expire. */
export const REFRESH_MARGIN_MS = 60_000;
/** The ID token must outlive the exchange request by this much to be worth presenting. */
const ID_TOKEN_MARGIN_MS = 30_000;
/** Long enough for one refresh and one re-exchange with their timeouts. */
const LOCK_TTL_MS = 40_000;
const LOCK_POLL_MS = 50;
const LOCK_POLLS = 600;

/**
 * What the token manager did, for whoever wants to count it (the benchmark, tests): production
 * wiring passes no observer and pays nothing for it.
 */
export type TokenManagerEvent =
  /** APIM's refresh grant gave new tokens. */
  | 'refreshed'
  /** The CIS2 ID token was exchanged again (no refresh token, or APIM refused it). */
  | 're_exchanged'
  /** Another request in this process was already renewing: this one shared its result. */
  | 'joined_in_process'
  /** The store's lock was held (another instance, or a request before this process's own): waited. */
  | 'waited_for_lock'
  /** Neither worked: the caller is told to sign in again or to try later. */
  | 'renewal_failed';

export type TokenManagerOptions = {
  /** Null in the public-sandbox preset: e-RS is called without a token. */
  apim: ApimClient | null;
  sessions: SessionManager;
  store: KeyValueStore;
  now: () => number;
  log: Logger;
  observe?: ((event: TokenManagerEvent) => void) | undefined;
};

export function createTokenManager(options: TokenManagerOptions): AccessTokens {
  const { apim, sessions, store, now, log } = options;
  const observe = options.observe ?? (() => {});
  const inFlight = new Map<string, Promise<AccessTokenOutcome>>();

  const usable = (session: Session, rejected: string | null) =>
    session.apim !== null &&
    session.apim.accessToken !== rejected &&
    session.apim.accessTokenExpiresAt - now() > REFRESH_MARGIN_MS;

  const ok = (session: Session): AccessTokenOutcome => ({
    ok: true,
    accessToken: session.apim?.accessToken ?? null,
  });

  /** Refresh first; if APIM refuses (or we hold no secret), exchange the ID token again. */
  async function obtain(
    session: Session,
  ): Promise<TokenExchangeOutcome | { ok: false; kind: 'sign_in_again' }> {
    if (!apim) return { ok: false, kind: 'sign_in_again' };
    if (session.apim?.refreshToken && apim.canRefresh) {
      const refreshed = await apim.refresh(session.apim.refreshToken);
      if (refreshed.ok) {
        observe('refreshed');
        return refreshed;
      }
      if (refreshed.kind !== 'rejected') return refreshed;
      log.warn({ error: refreshed.error, status: refreshed.status }, 'APIM refresh refused');
    }
    if (session.cis2.idTokenExpiresAt - now() > ID_TOKEN_MARGIN_MS) {
      const exchanged = await apim.exchangeIdToken(session.cis2.idToken);
      if (exchanged.ok) observe('re_exchanged');
      return exchanged.ok || exchanged.kind !== 'rejected'
        ? exchanged
        : { ok: false, kind: 'sign_in_again' };
    }
    return { ok: false, kind: 'sign_in_again' };
  }

  async function renewHoldingLock(
    sessionId: string,
    rejected: string | null,
  ): Promise<AccessTokenOutcome> {
    // Re-read: another instance may have refreshed between our read and the lock.
    const session = await sessions.load(sessionId, { slide: false });
    if (!session) return { ok: false, reason: 'sign_in_again' };
    if (usable(session, rejected)) return ok(session);

    const outcome = await obtain(session);
    if (!outcome.ok) {
      observe('renewal_failed');
      log.warn(
        { audit: 'apim_token_unavailable', kind: outcome.kind },
        'could not renew the APIM token',
      );
      return {
        ok: false,
        reason: outcome.kind === 'sign_in_again' ? 'sign_in_again' : 'unavailable',
      };
    }
    // Both tokens replaced in one write: the old refresh token is already spent.
    const renewed: Session = { ...session, apim: outcome.tokens satisfies ApimTokens };
    if (!(await sessions.save(sessionId, renewed))) return { ok: false, reason: 'sign_in_again' };
    return ok(renewed);
  }

  async function renewAcrossInstances(
    sessionId: string,
    rejected: string | null,
  ): Promise<AccessTokenOutcome> {
    const lock = `apim-refresh-lock:${sessions.handleOf(sessionId)}`;
    const owner = randomUUID();
    let waited = false;
    for (let poll = 0; !(await store.setIfAbsent(lock, owner, LOCK_TTL_MS)); poll += 1) {
      // Another instance holds the lock: when it is done, its token is in the session.
      if (!waited) observe('waited_for_lock');
      waited = true;
      if (poll >= LOCK_POLLS) return { ok: false, reason: 'unavailable' };
      await sleep(LOCK_POLL_MS);
      const session = await sessions.load(sessionId, { slide: false });
      if (!session) return { ok: false, reason: 'sign_in_again' };
      if (usable(session, rejected)) return ok(session);
    }
    try {
      return await renewHoldingLock(sessionId, rejected);
    } finally {
      // Release only our own lock (it may have expired and been taken by another instance).
      if ((await store.get(lock)) === owner) await store.delete(lock);
    }
  }

  function renew(sessionId: string, rejected: string | null): Promise<AccessTokenOutcome> {
    const key = sessions.handleOf(sessionId);
    const running = inFlight.get(key);
    if (running) {
      observe('joined_in_process');
      return running;
    }
    const promise = renewAcrossInstances(sessionId, rejected).finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  }

  return {
    async current(sessionId, session) {
      if (session.apim === null) return { ok: true, accessToken: null };
      if (usable(session, null)) return ok(session);
      return renew(sessionId, null);
    },
    async renew(sessionId, session, rejected) {
      if (session.apim === null) return { ok: true, accessToken: null };
      return renew(sessionId, rejected);
    },
  };
}
