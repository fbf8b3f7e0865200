/**
 * The session's own endpoints (Duende BFF's contract): `GET /bff/user` (who is signed in and
 * when the session ends), `POST /bff/logout` (with the script of its CIS2 end-session page),
 * and CIS2's `POST /bff/backchannel-logout` (OpenID Connect Back-Channel Logout 1.0).
 */
import { Hono } from 'hono';
import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  bffPaths,
  type BffUserResponse,
  type LogoutResponse,
} from '@ers/shared/bff-contract';
import { allowFormActionTo } from '../http/security-headers';
import { recordBackchannelLogout } from '../observability/metrics';
import { SESSION_COOKIE, clearSessionCookie, readCookie } from '../session/cookies';
import { requireSession } from '../session/require-session';
import type { SessionEnv } from '../session/session-env';
import { END_SESSION_SCRIPT, END_SESSION_SCRIPT_PATH, endSessionPage } from './end-session-page';
import { CIS2_KEYS_UNAVAILABLE } from './cis2-client';
import type { AuthRoutesDeps } from './sign-in-routes';

/** Logout tokens are refused after 120 s (+60 s of clock skew): their jti need not outlive that. */
const LOGOUT_JTI_TTL_MS = 10 * 60 * 1000;

export function sessionRoutes(deps: AuthRoutesDeps) {
  const { cis2, sessions } = deps;
  const app = new Hono<SessionEnv>();

  app.post(bffPaths.backchannelLogout, async (c) => {
    const log = c.get('log');
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const token = typeof form.logout_token === 'string' ? form.logout_token : '';
    const result = await cis2.validateLogoutToken(token);
    if (!result.ok) {
      // The reason can quote the token's header (its typ): the metric gets our words only.
      recordBackchannelLogout(
        result.reason === CIS2_KEYS_UNAVAILABLE ? 'cis2_keys_unavailable' : 'invalid_token',
      );
      log.warn(
        { audit: 'backchannel_logout_refused', reason: result.reason },
        'logout token refused',
      );
      return c.json({ error: 'invalid_request', error_description: 'invalid logout token' }, 400);
    }
    const { jti, sid, sub } = result.claims;
    // A replayed token changes nothing: answered as invalid (Back-Channel Logout §2.8).
    if (!(await sessions.rememberOnce('logout-jti', jti, LOGOUT_JTI_TTL_MS))) {
      recordBackchannelLogout('replayed');
      log.warn(
        { audit: 'backchannel_logout_refused', reason: 'jti replayed' },
        'logout token replayed',
      );
      return c.json({ error: 'invalid_request', error_description: 'logout token replayed' }, 400);
    }
    const ended = sid
      ? await sessions.destroyAllForSid(sid, 'signed_out_elsewhere')
      : await sessions.destroyAllForSub(sub ?? '', 'signed_out_elsewhere');
    recordBackchannelLogout('accepted');
    log.info(
      { audit: 'backchannel_logout', sub, bySid: Boolean(sid), ended },
      'CIS2 signed the user out',
    );
    return c.body(null, 200);
  });

  app.get(
    bffPaths.user,
    requireSession(sessions, (c) => c.req.query('slide') !== 'false'),
    (c) => {
      const session = c.get('session');
      const body: BffUserResponse = {
        user: {
          uid: session.sub,
          name: session.name,
          role: { id: session.role.id, name: session.role.name, code: session.role.code },
          organisation: session.role.organisation,
          actingAs: session.actingAs,
          ...(session.otherRoles ? { otherRoles: session.otherRoles } : {}),
        },
        session: {
          idleExpiresAt: new Date(sessions.idleExpiresAt(session)).toISOString(),
          expiresAt: new Date(session.expiresAt).toISOString(),
        },
      };
      return c.json(body);
    },
  );

  /**
   * Two callers. The SPA's sign-out button is a form POST (a top-level navigation): it ends our
   * session and, with `CIS2_LOGOUT=cis2`, answers the page that ends the CIS2 session too
   * (end-session-page.ts); otherwise it sends the browser to the signed-out page. A `fetch()`
   * with the CSRF header (the SPA ending a session at its deadline) ends our session only.
   */
  app.post(bffPaths.logout, async (c) => {
    const id = readCookie(c, SESSION_COOKIE);
    const session = id ? await sessions.load(id, { slide: false }) : null;
    if (id) {
      await sessions.destroy(id);
      c.get('log').info({ audit: 'sign_out', sub: session?.sub }, 'signed out');
    }
    clearSessionCookie(c);
    if (c.req.header(CSRF_HEADER) === CSRF_HEADER_VALUE) {
      const body: LogoutResponse = { redirectTo: deps.signedOutPath };
      return c.json(body);
    }
    const postLogoutRedirectUri = new URL(deps.signedOutPath, deps.publicOrigin).toString();
    const endSession =
      deps.logout === 'cis2' && session
        ? await cis2
            .endSessionRequest(session.cis2.idToken, postLogoutRedirectUri)
            .catch(() => null)
        : null;
    if (!endSession) return c.redirect(deps.signedOutPath, 303);
    allowFormActionTo(c, new URL(endSession.action).origin);
    return c.html(endSessionPage(endSession));
  });

  app.get(END_SESSION_SCRIPT_PATH, (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(END_SESSION_SCRIPT);
  });

  return app;
}
