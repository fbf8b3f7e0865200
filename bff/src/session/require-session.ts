import type { MiddlewareHandler } from 'hono';
import { AppError } from '../http/app-error';
import type { AppEnv } from '../http/app-env';
import { SESSION_COOKIE, clearSessionCookie, readCookie } from './cookies';
import type { SessionManager } from './session-manager';

/**
 * Loads the caller's session or refuses with 401. Every use counts as activity except where the
 * caller says otherwise (`slide`), e.g. the SPA polling `/bff/user?slide=false`.
 */
export function requireSession(
  sessions: SessionManager,
  slide: (path: URL) => boolean = () => true,
): MiddlewareHandler<AppEnv> {
  return async function requireSession(c, next) {
    const id = readCookie(c, SESSION_COOKIE);
    const session = id ? await sessions.load(id, { slide: slide(new URL(c.req.url)) }) : null;
    if (!id || !session) {
      if (id) clearSessionCookie(c);
      throw new AppError(401, 'not_signed_in', 'You are not signed in, or your session has ended.');
    }
    c.set('session', session);
    c.set('sessionId', id);
    await next();
  };
}
