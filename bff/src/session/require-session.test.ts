/**
 * requireSession: a request counts as activity unless the route's predicate says otherwise
 * (the SPA's poll of /bff/user?slide=false), and a request without a live session is a 401.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { AppError } from '../http/app-error';
import { createLogger } from '../logging/logger';
import { SESSION_COOKIE } from './cookies';
import { createMemoryStore } from './memory-store';
import { requireSession } from './require-session';
import type { NewSession } from './session';
import type { SessionEnv } from './session-env';
import { createSessionManager } from './session-manager';

const MINUTE = 60_000;

const signedIn: NewSession = {
  sub: '555032006106',
  sid: null,
  name: 'Dr Test',
  role: {
    id: 'r',
    name: 'Consultant',
    code: 'c',
    organisation: { odsCode: 'RCD', name: 'X' },
    activityCodes: [],
  },
  actingAs: { odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
  cis2: { idToken: 'id-token', idTokenExpiresAt: 0, authTime: 0 },
  apim: null,
};

async function setup() {
  let now = 1_000_000;
  const sessions = createSessionManager({
    store: createMemoryStore(() => now),
    idleMs: 15 * MINUTE,
    absoluteMs: 60 * MINUTE,
    now: () => now,
  });
  const app = new Hono<SessionEnv>();
  app.use(async (c, next) => {
    c.set('log', createLogger('silent'));
    await next();
  });
  app.get(
    '/user',
    requireSession(sessions, (c) => c.req.query('slide') !== 'false'),
    (c) => c.json({ idleExpiresAt: sessions.idleExpiresAt(c.get('session')) }),
  );
  app.onError((error, c) =>
    error instanceof AppError ? c.json({ code: error.code }, error.status) : c.text('?', 500),
  );
  const { id } = await sessions.create(signedIn);
  const get = async (path: string, cookie = `${SESSION_COOKIE}=${id}`) => {
    const response = await app.request(path, { headers: { cookie } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { get, pass: (ms: number) => void (now += ms), now: () => now };
}

describe('requireSession', () => {
  it('does not count a request its predicate excludes as activity', async () => {
    const { get, pass, now } = await setup();
    const created = now();
    pass(5 * MINUTE);
    expect((await get('/user?slide=false')).body.idleExpiresAt).toBe(created + 15 * MINUTE);
    expect((await get('/user?slide=true')).body.idleExpiresAt).toBe(now() + 15 * MINUTE);
  });

  it('counts every other request as activity', async () => {
    const { get, pass, now } = await setup();
    pass(5 * MINUTE);
    expect((await get('/user')).body.idleExpiresAt).toBe(now() + 15 * MINUTE);
  });

  it('refuses a request without a live session', async () => {
    const { get } = await setup();
    expect(await get('/user', '')).toEqual({ status: 401, body: { code: 'not_signed_in' } });
    expect(await get('/user', `${SESSION_COOKIE}=made-up`)).toMatchObject({ status: 401 });
  });
});
