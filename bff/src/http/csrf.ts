import type { MiddlewareHandler } from 'hono';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@ers/shared/bff-contract';
import { AppError } from './app-error';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Duende BFF's defence: a custom header a cross-site page cannot send without a CORS preflight
 * (which we never answer), plus Fetch Metadata for unsafe methods.
 */
export function requireCsrfHeader(): MiddlewareHandler {
  return async function requireCsrfHeader(c, next) {
    if (!SAFE_METHODS.has(c.req.method) && c.req.header('sec-fetch-site') === 'cross-site') {
      throw new AppError(403, 'cross_site_request', 'This request came from another site.');
    }
    if (c.req.header(CSRF_HEADER) !== CSRF_HEADER_VALUE) {
      throw new AppError(403, 'csrf_required', `The ${CSRF_HEADER} header is required.`);
    }
    await next();
  };
}
