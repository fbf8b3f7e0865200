/**
 * Duende BFF's session endpoints: /bff/login, /bff/callback, /bff/user, /bff/logout.
 */
import { Hono } from 'hono';
import * as oauth from 'oauth4webapi';
import {
  bffPaths,
  SIGN_IN_PROBLEM_PATH,
  type BffUserResponse,
  type LogoutResponse,
  type SignInProblemReason,
} from '@ers/shared/bff-contract';
import type { ApimClient } from '../apim/token-exchange';
import type { AppEnv } from '../http/app-env';
import {
  LOGIN_COOKIE,
  clearLoginCookie,
  clearSessionCookie,
  readCookie,
  setLoginCookie,
  setSessionCookie,
  SESSION_COOKIE,
} from '../session/cookies';
import { requireSession } from '../session/require-session';
import type { SessionManager } from '../session/session-manager';
import { SignInError, type Cis2Client } from './cis2-client';
import { safeReturnTo } from './return-to';
import { resolveSelectedRole } from './roles';

export type AuthRoutesDeps = {
  cis2: Cis2Client;
  apim: ApimClient;
  sessions: SessionManager;
  signedOutPath: string;
  /** The origin browsers use, for absolute URLs we hand to CIS2. */
  publicOrigin: string;
  /** `cis2` also ends the CIS2 single sign-on session (every CIS2 app on the device). */
  logout: 'local' | 'cis2';
};

export function authRoutes(deps: AuthRoutesDeps) {
  const { cis2, apim, sessions } = deps;
  const app = new Hono<AppEnv>();

  /** Where the SPA shows why sign-in could not finish and what the user can do. */
  const problemRedirect = (reason: SignInProblemReason) =>
    `${SIGN_IN_PROBLEM_PATH}?reason=${reason}`;

  app.get(bffPaths.login, async (c) => {
    const returnTo = safeReturnTo(c.req.query('returnTo'));
    const changeRole = c.req.query('changeRole') === 'true';
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const codeVerifier = oauth.generateRandomCodeVerifier();
    let authorizationUrl: URL;
    try {
      authorizationUrl = await cis2.authorizationUrl({ state, nonce, codeVerifier, changeRole });
    } catch (error) {
      // A navigation, not an API call: answer with a page the user can act on.
      c.get('log').error(
        { audit: 'sign_in_refused', reason: 'cis2_unavailable', err: error },
        'CIS2 discovery failed',
      );
      return c.redirect(problemRedirect('cis2_unavailable'), 302);
    }
    const transactionId = await sessions.beginLogin({ state, nonce, codeVerifier, returnTo });
    setLoginCookie(c, transactionId);
    c.get('log').info({ audit: 'sign_in_started', changeRole }, 'sign-in started');
    return c.redirect(authorizationUrl.toString(), 302);
  });

  app.get(bffPaths.callback, async (c) => {
    const log = c.get('log');
    const transactionId = readCookie(c, LOGIN_COOKIE);
    clearLoginCookie(c);
    // The transaction is consumed here, so a replayed or second callback finds nothing.
    const transaction = transactionId ? await sessions.takeLogin(transactionId) : null;
    if (!transaction) {
      log.warn({ audit: 'sign_in_refused', reason: 'no_transaction' }, 'callback without sign-in');
      return c.redirect(problemRedirect('invalid_callback'), 302);
    }

    let signIn;
    try {
      signIn = await cis2.completeSignIn(new URL(c.req.url), transaction);
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      log.warn(
        { audit: 'sign_in_refused', reason: error.failure, err: error.cause },
        'sign-in refused',
      );
      return c.redirect(problemRedirect(error.failure), 302);
    }

    const { claims, userinfo, idToken } = signIn;
    const resolution = resolveSelectedRole(userinfo, claims.selected_roleid);
    if (!resolution.ok) {
      log.warn(
        { audit: 'sign_in_refused', reason: resolution.reason, sub: claims.sub },
        'no usable role',
      );
      return c.redirect(problemRedirect(resolution.reason), 302);
    }

    const exchange = await apim.exchangeIdToken(idToken);
    if (!exchange.ok) {
      log.error(
        {
          audit: 'sign_in_refused',
          reason: 'token_exchange_failed',
          outcome: { ...exchange, cause: undefined },
          err: 'cause' in exchange ? exchange.cause : undefined,
        },
        'APIM token exchange failed',
      );
      return c.redirect(problemRedirect('token_exchange_failed'), 302);
    }

    // A new session id at every sign-in; an earlier session in this browser ends here.
    const previous = readCookie(c, SESSION_COOKIE);
    if (previous) await sessions.destroy(previous);
    const name =
      userinfo.name ??
      ([userinfo.given_name, userinfo.family_name].filter(Boolean).join(' ') || claims.sub);
    const { id } = await sessions.create({
      sub: claims.sub,
      sid: claims.sid ?? null,
      name,
      role: resolution.role,
      actingAs: {
        odsCode: resolution.role.organisation.odsCode,
        businessFunction: resolution.businessFunction,
      },
      cis2: { idToken, idTokenExpiresAt: claims.exp * 1000, authTime: claims.auth_time },
      apim: exchange.tokens,
    });
    setSessionCookie(c, id);
    log.info(
      {
        audit: 'sign_in',
        sub: claims.sub,
        roleId: resolution.role.id,
        odsCode: resolution.role.organisation.odsCode,
        businessFunction: resolution.businessFunction,
      },
      'signed in',
    );
    return c.redirect(transaction.returnTo, 302);
  });

  app.get(
    bffPaths.user,
    requireSession(sessions, (url) => url.searchParams.get('slide') !== 'false'),
    (c) => {
      const session = c.get('session');
      const body: BffUserResponse = {
        user: {
          uid: session.sub,
          name: session.name,
          role: { id: session.role.id, name: session.role.name, code: session.role.code },
          organisation: session.role.organisation,
          actingAs: session.actingAs,
        },
        session: {
          idleExpiresAt: new Date(sessions.idleExpiresAt(session)).toISOString(),
          expiresAt: new Date(session.expiresAt).toISOString(),
        },
      };
      return c.json(body);
    },
  );

  app.post(bffPaths.logout, async (c) => {
    const id = readCookie(c, SESSION_COOKIE);
    if (id) {
      const session = await sessions.load(id, { slide: false });
      await sessions.destroy(id);
      c.get('log').info({ audit: 'sign_out', sub: session?.sub }, 'signed out');
    }
    clearSessionCookie(c);
    const endSession =
      deps.logout === 'cis2'
        ? await cis2
            .endSessionUrl(new URL(deps.signedOutPath, deps.publicOrigin).toString())
            .catch(() => null)
        : null;
    const body: LogoutResponse = { redirectTo: endSession?.toString() ?? deps.signedOutPath };
    return c.json(body);
  });

  return app;
}
