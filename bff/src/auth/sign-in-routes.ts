/**
 * The sign-in (Duende BFF's `/bff/login`, and the CIS2 redirect back to `/bff/callback`): the
 * OpenID Connect code flow with PKCE, state and nonce, the role check, the APIM token exchange,
 * and a new session. With the one-session-per-user policy, a sign-in that finds another live
 * session is parked until the user chooses `POST /bff/session/takeover`.
 */
import { Hono, type Context } from 'hono';
import * as oauth from 'oauth4webapi';
import {
  bffPaths,
  SESSION_CONFLICT_PATH,
  SIGNED_IN_START_PATH,
  SIGN_IN_PROBLEM_PATH,
  type LogoutResponse,
  type SignInProblemReason,
} from '@ers/shared/bff-contract';
import type { ApimClient } from '../apim/token-exchange';
import type { SessionEnv } from '../session/session-env';
import {
  LOGIN_COOKIE,
  clearLoginCookie,
  readCookie,
  setLoginCookie,
  setSessionCookie,
  SESSION_COOKIE,
} from '../session/cookies';
import { AppError } from '../http/app-error';
import { describeError } from '../logging/describe-error';
import { recordSignIn, recordSignInRefusal } from '../observability/metrics';
import type { NewSession } from '../session/session';
import type { SessionManager } from '../session/session-manager';
import { SignInError, type Cis2Client } from './cis2-client';
import { safeReturnTo } from './return-to';
import { otherRoles, resolveSelectedRole } from './roles';

/** Parked sign-ins ride in the login cookie's place while the user decides (one-session policy). */
const PARKED_COOKIE_PREFIX = 'parked.';

export type AuthRoutesDeps = {
  cis2: Cis2Client;
  /** Null in the public-sandbox preset: no token exchange. */
  apim: ApimClient | null;
  sessions: SessionManager;
  signedOutPath: string;
  /** The origin browsers use, for absolute URLs we hand to CIS2. */
  publicOrigin: string;
  /** `cis2` also ends the CIS2 single sign-on session (every CIS2 app on the device). */
  logout: 'local' | 'cis2';
};

export function signInRoutes(deps: AuthRoutesDeps) {
  const { cis2, apim, sessions } = deps;
  const app = new Hono<SessionEnv>();

  /** Where the SPA shows why sign-in could not finish and what the user can do. */
  const problemRedirect = (reason: SignInProblemReason) =>
    `${SIGN_IN_PROBLEM_PATH}?reason=${reason}`;

  app.get(bffPaths.login, async (c) => {
    const changeRole = c.req.query('changeRole') === 'true';
    // The page a role change started from belongs to the old role (a worklist the new one may
    // not have): after it, the SPA's start page chooses the new role's first page.
    const returnTo = changeRole ? SIGNED_IN_START_PATH : safeReturnTo(c.req.query('returnTo'));
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const codeVerifier = oauth.generateRandomCodeVerifier();
    let authorizationUrl: URL;
    try {
      authorizationUrl = await cis2.authorizationUrl({ state, nonce, codeVerifier, changeRole });
    } catch (error) {
      // A navigation, not an API call: answer with a page the user can act on.
      recordSignInRefusal('cis2_unavailable');
      c.get('log').error(
        { audit: 'sign_in_refused', reason: 'cis2_unavailable', detail: describeError(error) },
        'CIS2 discovery failed',
      );
      return c.redirect(problemRedirect('cis2_unavailable'), 302);
    }
    // Carried by the browser, sealed: a sign-in that never finishes leaves nothing here.
    setLoginCookie(c, sessions.beginLogin({ state, nonce, codeVerifier, returnTo }));
    c.get('log').info({ audit: 'sign_in_started', changeRole }, 'sign-in started');
    return c.redirect(authorizationUrl.toString(), 302);
  });

  app.get(bffPaths.callback, async (c) => {
    const log = c.get('log');
    const loginCookie = readCookie(c, LOGIN_COOKIE);
    clearLoginCookie(c);
    // A completed sign-in is remembered (below), so a replayed callback finds nothing here.
    const transaction = loginCookie ? await sessions.readLogin(loginCookie) : null;
    if (!transaction) {
      recordSignInRefusal('no_transaction');
      log.warn({ audit: 'sign_in_refused', reason: 'no_transaction' }, 'callback without sign-in');
      return c.redirect(problemRedirect('invalid_callback'), 302);
    }

    let signIn;
    try {
      signIn = await cis2.completeSignIn(new URL(c.req.url), transaction);
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      recordSignInRefusal(error.failure);
      log.warn(
        { audit: 'sign_in_refused', reason: error.failure, detail: describeError(error.cause) },
        'sign-in refused',
      );
      return c.redirect(problemRedirect(error.failure), 302);
    }

    const { claims, userinfo, idToken } = signIn;
    const resolution = resolveSelectedRole(userinfo, claims.selected_roleid);
    if (!resolution.ok) {
      recordSignInRefusal(resolution.reason);
      log.warn(
        { audit: 'sign_in_refused', reason: resolution.reason, sub: claims.sub },
        'no usable role',
      );
      return c.redirect(problemRedirect(resolution.reason), 302);
    }

    const exchange = apim
      ? await apim.exchangeIdToken(idToken)
      : ({ ok: true, tokens: null } as const);
    if (!exchange.ok) {
      recordSignInRefusal('token_exchange_failed');
      log.error(
        {
          audit: 'sign_in_refused',
          reason: 'token_exchange_failed',
          outcome: { ...exchange, cause: undefined },
          detail: 'cause' in exchange ? describeError(exchange.cause) : undefined,
        },
        'APIM token exchange failed',
      );
      return c.redirect(problemRedirect('token_exchange_failed'), 302);
    }

    const name =
      userinfo.name ??
      ([userinfo.given_name, userinfo.family_name].filter(Boolean).join(' ') || claims.sub);
    const others = otherRoles(userinfo, resolution.role.id);
    if (others.malformed > 0) {
      log.warn(
        { audit: 'malformed_roles', sub: claims.sub, count: others.malformed },
        'roles that could not be read were left out',
      );
    }
    const signedIn: NewSession = {
      sub: claims.sub,
      sid: claims.sid ?? null,
      name,
      role: resolution.role,
      otherRoles: others.roles,
      // Chosen from e-RS A030's pairs at the first e-RS request (ers/acting-context/), never
      // from the CIS2 role alone: e-RS is the one that knows where the user may work.
      actingAs: null,
      organisations: userinfo.nhsid_user_orgs.map((org) => ({
        odsCode: org.org_code,
        name: org.org_name,
      })),
      cis2: { idToken, idTokenExpiresAt: claims.exp * 1000, authTime: claims.auth_time },
      apim: exchange.tokens,
    };

    // Written only now, once every check has passed: a refused sign-in stores nothing.
    if (!(await sessions.completeLogin(transaction))) {
      recordSignInRefusal('replayed_callback');
      log.warn({ audit: 'sign_in_refused', reason: 'replayed_callback' }, 'callback replayed');
      return c.redirect(problemRedirect('invalid_callback'), 302);
    }

    // An earlier session in this browser ends here: a new id at every sign-in (no fixation).
    const previous = readCookie(c, SESSION_COOKIE);
    if (previous) await sessions.destroy(previous);

    if (
      sessions.concurrency === 'single' &&
      (await sessions.handlesForSub(claims.sub)).length > 0
    ) {
      // One session per user: park this sign-in and let the user choose to end the other one.
      const parkedId = await sessions.parkSignIn(signedIn);
      setLoginCookie(
        c,
        `${PARKED_COOKIE_PREFIX}${parkedId}.${Buffer.from(transaction.returnTo).toString('base64url')}`,
      );
      log.info({ audit: 'sign_in_parked', sub: claims.sub }, 'signed in elsewhere already');
      return c.redirect(
        `${SESSION_CONFLICT_PATH}?returnTo=${encodeURIComponent(transaction.returnTo)}`,
        302,
      );
    }
    return (await startSession(c, signedIn, transaction.returnTo)).response;
  });

  /** Creates the session, sets its cookie and sends the browser where it was going. */
  async function startSession(c: Context<SessionEnv>, signedIn: NewSession, returnTo: string) {
    const { id } = await sessions.create(signedIn);
    setSessionCookie(c, id);
    recordSignIn();
    c.get('log').info(
      {
        audit: 'sign_in',
        sub: signedIn.sub,
        roleId: signedIn.role.id,
        odsCode: signedIn.role.organisation.odsCode,
      },
      'signed in',
    );
    return { id, response: c.redirect(returnTo, 302) };
  }

  app.post(bffPaths.sessionTakeover, async (c) => {
    const value = readCookie(c, LOGIN_COOKIE) ?? '';
    clearLoginCookie(c);
    const [parkedId, encodedReturnTo] = value.startsWith(PARKED_COOKIE_PREFIX)
      ? value.slice(PARKED_COOKIE_PREFIX.length).split('.')
      : [];
    const signedIn = parkedId ? await sessions.takeParkedSignIn(parkedId) : null;
    if (!signedIn) {
      throw new AppError(401, 'not_signed_in', 'This sign-in has expired. Sign in again.');
    }
    const returnTo = safeReturnTo(
      encodedReturnTo ? Buffer.from(encodedReturnTo, 'base64url').toString('utf8') : null,
    );
    const { id } = await startSession(c, signedIn, returnTo);
    const ended = await sessions.destroyAllForSub(signedIn.sub, 'replaced', id);
    c.get('log').info(
      { audit: 'session_takeover', sub: signedIn.sub, ended },
      'other sessions ended',
    );
    const body: LogoutResponse = { redirectTo: returnTo };
    return c.json(body);
  });

  return app;
}
