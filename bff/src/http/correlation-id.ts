import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logging/logger';
import type { HttpEnv } from './http-env';

/**
 * A fresh correlation id per request (never taken from the browser, so it cannot be forged into
 * our logs); sent upstream as X-Correlation-ID and back to the SPA for support calls. The
 * request's logger carries it; when logging is off (`silent`) the request gets the application
 * logger itself, since a child would only add bindings to lines never written.
 */
export function correlationId(log: Logger): MiddlewareHandler<HttpEnv> {
  return async function correlationId(c, next) {
    const id = randomUUID();
    const logging = log.isLevelEnabled('fatal');
    c.set('correlationId', id);
    c.set('log', logging ? log.child({ correlationId: id }) : log);
    c.header('X-Correlation-ID', id);
    const started = performance.now();
    await next();
    const requestLog = c.get('log');
    if (logging && requestLog.isLevelEnabled('info')) {
      requestLog.info(
        {
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    }
  };
}
