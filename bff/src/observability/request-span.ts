/**
 * One server span per inbound request, named and tagged by its route template (`GET
 * /api/referrals/:ubrn`), never its path: UBRNs are in paths and NHS numbers could be. Spans of
 * the upstream calls the request makes are its children and carry the same correlation id.
 *
 * CSRF refusals are counted here, from the error the request ended with, so the CSRF defence
 * (http/csrf.ts) stays plumbing that knows nothing of telemetry.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { AppError } from '../http/app-error';
import type { HttpEnv } from '../http/http-env';
import { recordCsrfRefusal } from './metrics';
import { ATTR, errorTypeOf, tracer, withCorrelationId } from './telemetry';

const CSRF_PROBLEMS: ReadonlySet<string> = new Set(['csrf_required', 'cross_site_request']);

export function requestSpan(): MiddlewareHandler<HttpEnv> {
  return async function requestSpan(c, next) {
    const correlationId = c.get('correlationId');
    const method = c.req.method;
    await tracer().startActiveSpan(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: { [ATTR.method]: method, [ATTR.correlationId]: correlationId },
      },
      (span) =>
        withCorrelationId(correlationId, async () => {
          try {
            await next();
          } catch (error) {
            span.setAttribute(ATTR.errorType, errorTypeOf(error));
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            // After next(): the route that answered (or the middleware that refused).
            const route = routePath(c);
            span.updateName(`${method} ${route}`);
            span.setAttribute(ATTR.route, route);
            span.setAttribute(ATTR.status, c.res.status);
            if (c.error instanceof AppError) {
              span.setAttribute(ATTR.problemCode, c.error.code);
              if (CSRF_PROBLEMS.has(c.error.code)) recordCsrfRefusal(c.error.code);
            }
            // A server span is an error only for our 5xx (semantic conventions): a 4xx is the
            // client's. An unexpected error is named by its class, an expected one by status.
            if (c.res.status >= 500) {
              const unexpected = c.error && !(c.error instanceof AppError);
              span.setAttribute(
                ATTR.errorType,
                unexpected ? errorTypeOf(c.error) : String(c.res.status),
              );
              span.setStatus({ code: SpanStatusCode.ERROR });
            }
            span.end();
          }
        }),
    );
  };
}
