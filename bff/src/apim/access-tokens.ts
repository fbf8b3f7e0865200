/**
 * What the e-RS gateway needs from the APIM side: a usable access token for a session. The
 * implementation keeps tokens fresh (refresh when 60 s or less remain, single-flight per session
 * across instances); callers never see refresh tokens.
 */
import type { Session } from '../session/session';

export type AccessTokenOutcome =
  /** `accessToken` is null only in the public-sandbox preset, which takes no token. */
  | { ok: true; accessToken: string | null }
  /** The APIM session cannot be renewed: the SPA must send the user to sign in again. */
  | { ok: false; reason: 'sign_in_again' }
  /** APIM could not be reached or answered garbage: worth retrying later. */
  | { ok: false; reason: 'unavailable' };

export interface AccessTokens {
  /** A token with more than 60 s left, refreshed first if needed. */
  current(sessionId: string, session: Session): Promise<AccessTokenOutcome>;
  /**
   * After e-RS answered 401 to `rejected`: renew once (unless another request already did)
   * and return the token to retry with.
   */
  renew(sessionId: string, session: Session, rejected: string | null): Promise<AccessTokenOutcome>;
}
