/**
 * Request bodies: over the limit is a 413 before the route runs; a GET's or HEAD's body is not
 * looked at at all (not even asked for, which on @hono/node-server builds a whole Request).
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { AppError } from './app-error';
import { limitRequestBody } from './request-body';

function appWithLimit(maxBytes: number) {
  const app = new Hono();
  app.use(limitRequestBody(maxBytes));
  app.on(['GET', 'POST'], '/thing', async (c) =>
    c.json({ read: c.req.method === 'POST' ? await c.req.text() : null }),
  );
  app.onError((error, c) =>
    error instanceof AppError ? c.json({ code: error.code }, error.status) : c.text('?', 500),
  );
  return app;
}

/** A request that counts how often anything asks for its body. */
function watched(method: string): { request: Request; bodyReads: () => number } {
  const request = new Request('http://localhost/thing', { method });
  let reads = 0;
  Object.defineProperty(request, 'body', {
    get() {
      reads += 1;
      return null;
    },
  });
  return { request, bodyReads: () => reads };
}

describe('limitRequestBody', () => {
  it.each(['GET', 'HEAD'])('never asks a %s for its body', async (method) => {
    const { request, bodyReads } = watched(method);
    const response = await appWithLimit(16).fetch(request);
    expect(response.status).toBe(200);
    expect(bodyReads()).toBe(0);
  });

  it('refuses a bigger body with 413, before the route reads it', async () => {
    const response = await appWithLimit(16).request('/thing', {
      method: 'POST',
      body: 'x'.repeat(17),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ code: 'payload_too_large' });
  });

  it('lets a body within the limit through to the route', async () => {
    const response = await appWithLimit(16).request('/thing', { method: 'POST', body: 'hello' });
    expect(await response.json()).toEqual({ read: 'hello' });
  });

  it('asks a POST for its body', async () => {
    const { request, bodyReads } = watched('POST');
    await appWithLimit(16).fetch(request);
    expect(bodyReads()).toBeGreaterThan(0);
  });
});
