import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logging/logger';
import type { HttpEnv } from './http-env';

/**
 * A fresh correlation id per request (never taken from the browser, so it cannot be forged into
 * our logs); sent upstream as X-Correlation-ID and back to the SPA for support calls.
 */
export function correlationId(log: Logger): MiddlewareHandler<HttpEnv> {
  return async function correlationId(c, next) {
    const id = randomUUID();
    c.set('correlationId', id);
    c.set('log', log.child({ correlationId: id }));
    c.header('X-Correlation-ID', id);
    const started = performance.now();
    await next();
    c.get('log').info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  };
}
