import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from './app-error';

/**
 * Refuses a request body over `maxBytes` unread (413), for the methods that carry one. A GET or
 * HEAD is let through without looking: content in them has no defined meaning (RFC 9110
 * §9.3.1, §9.3.2), no route reads it, and Node's server discards it once the answer is sent.
 * Hono's bodyLimit asks `c.req.raw.body` even then, which makes @hono/node-server build a whole
 * WHATWG Request (URL, Headers, AbortController) per request for nothing.
 */
export function limitRequestBody(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError(413, 'payload_too_large', 'The request was too large.');
    },
  });
  return function limitRequestBody(c, next) {
    const method = c.req.method;
    return method === 'GET' || method === 'HEAD' ? next() : limit(c, next);
  };
}
