/**
 * Everything under /bff: the sign-in (sign-in-routes.ts) and the session's endpoints
 * (session-routes.ts), in Duende BFF's shape.
 */
import { Hono } from 'hono';
import { bffPaths } from '@ers/shared/bff-contract';
import type { CsrfExemption } from '../http/csrf';
import type { SessionEnv } from '../session/session-env';
import { sessionRoutes } from './session-routes';
import { signInRoutes, type AuthRoutesDeps } from './sign-in-routes';

export type { AuthRoutesDeps };

/**
 * The only /bff routes that go without `X-CSRF: 1` (see http/csrf.ts): the two top-level
 * navigations of the sign-in, the sign-out form (a same-origin POST navigation, so that its
 * answer can be the page that ends the CIS2 session), and CIS2's server-to-server back-channel
 * logout, which proves itself with a signed logout token instead.
 */
export const AUTH_CSRF_EXEMPTIONS = [
  { kind: 'navigation', method: 'GET', path: bffPaths.login },
  { kind: 'navigation', method: 'GET', path: bffPaths.callback },
  { kind: 'navigation', method: 'POST', path: bffPaths.logout },
  { kind: 'server-to-server', method: 'POST', path: bffPaths.backchannelLogout },
] as const satisfies readonly CsrfExemption[];

export function authRoutes(deps: AuthRoutesDeps) {
  const app = new Hono<SessionEnv>();
  app.route('/', signInRoutes(deps));
  app.route('/', sessionRoutes(deps));
  return app;
}
