/**
 * Each request's correlation id: in the response, on every log line of the request when logging
 * is on, and nothing written at all when it is off.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger';
import { correlationId } from './correlation-id';
import type { HttpEnv } from './http-env';

function appLoggingAt(level: string) {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(level, {
    write: (line: string) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  const app = new Hono<HttpEnv>();
  app.use(correlationId(log));
  app.get('/thing', (c) => {
    c.get('log').warn({ step: 'route' }, 'from the route');
    return c.json({ correlationId: c.get('correlationId') });
  });
  return { app, lines };
}

describe('correlationId', () => {
  it('puts the id on the response and on every line the request logs', async () => {
    const { app, lines } = appLoggingAt('info');
    const response = await app.request('/thing');
    const id = response.headers.get('x-correlation-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ correlationId: id });
    expect(lines.map((line) => [line.msg, line.correlationId])).toEqual([
      ['from the route', id],
      ['request', id],
    ]);
    expect(lines[1]).toMatchObject({ method: 'GET', path: '/thing', status: 200 });
  });

  it('gives a fresh id to each request', async () => {
    const { app } = appLoggingAt('info');
    const ids = await Promise.all(
      [1, 2, 3].map(async () => (await app.request('/thing')).headers.get('x-correlation-id')),
    );
    expect(new Set(ids).size).toBe(3);
  });

  it('writes nothing when logging is off, and still answers with the id', async () => {
    const { app, lines } = appLoggingAt('silent');
    const response = await app.request('/thing');
    expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toEqual([]);
  });
});
