import type { Context, MiddlewareHandler } from 'hono';
import type { SessionEndReason } from '@ers/shared/bff-contract';
import { AppError } from '../http/app-error';
import type { SessionEnv } from './session-env';
import { SESSION_COOKIE, clearSessionCookie, readCookie } from './cookies';
import type { SessionManager } from './session-manager';

/** Why the SPA is told the session ended: it shows a page for each. */
function endedProblem(reason: SessionEndReason | null): AppError {
  switch (reason) {
    case 'replaced':
      return new AppError(
        401,
        'session_replaced',
        'You signed in somewhere else, so this session ended.',
      );
    case 'signed_out_elsewhere':
      return new AppError(
        401,
        'signed_out_elsewhere',
        'You signed out of NHS Care Identity Service 2.',
      );
    case 'restarted':
      return new AppError(
        401,
        'service_restarted',
        'The service was restarted, which ended your session. Sign in again.',
      );
    default:
      return new AppError(
        401,
        'not_signed_in',
        'You are not signed in, or your session has ended.',
      );
  }
}

/**
 * Loads the caller's session or refuses with 401. Every use counts as activity except where the
 * caller says otherwise (`slide`), e.g. the SPA polling `/bff/user?slide=false`.
 */
export function requireSession(
  sessions: SessionManager,
  slide: (c: Context<SessionEnv>) => boolean = () => true,
): MiddlewareHandler<SessionEnv> {
  return async function requireSession(c, next) {
    const id = readCookie(c, SESSION_COOKIE);
    const session = id ? await sessions.load(id, { slide: slide(c) }) : null;
    if (!id || !session) {
      const reason = id ? await sessions.endReason(id) : null;
      if (id) {
        clearSessionCookie(c);
        c.get('log').info({ audit: 'session_ended', reason }, 'request on an ended session');
      }
      throw endedProblem(reason);
    }
    c.set('session', session);
    c.set('sessionId', id);
    await next();
  };
}
