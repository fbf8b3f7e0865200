import { beforeEach, describe, expect, it } from 'vitest';
import { demoHandlers } from '../demo-handlers';
import { DemoSession } from '../demo-session';
import { server } from '../server';

const PRIYA = '555032006106';
const HELEN = '555031998104';

function call(path: string, init: RequestInit = {}) {
  return fetch(new URL(path, window.location.href), {
    ...init,
    headers: { 'X-CSRF': '1', 'Content-Type': 'application/json', ...init.headers },
  });
}

describe('the demo: msw in place of the BFF, signing in and out', () => {
  let session: DemoSession;
  beforeEach(() => {
    window.sessionStorage.clear();
    session = new DemoSession(window.sessionStorage);
    server.use(...demoHandlers(session));
  });

  it('answers as the BFF does before anyone signs in: 401 not_signed_in, e-RS data included', async () => {
    for (const path of ['/bff/user', '/api/acting-context', '/api/referrals/000000070000']) {
      const response = await call(path);
      expect(response.status, path).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'not_signed_in' });
    }
  });

  it('refuses a call without the anti-forgery header, as the BFF does', async () => {
    session.signIn(PRIYA);
    const response = await fetch(new URL('/bff/user', window.location.href));
    expect(response.status).toBe(403);
  });

  it('signs a demo user in, as the stand-ins know them, and out again', async () => {
    session.signIn(PRIYA);
    const signedIn = await call('/bff/user');
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toMatchObject({
      user: {
        uid: PRIYA,
        name: 'Dr Priya Shah',
        organisation: { odsCode: 'RCD' },
        actingAs: { odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
      },
    });
    expect((await call('/api/referrals/000000070000')).status).toBe(200);

    const logout = await call('/bff/logout', { method: 'POST' });
    expect(await logout.json()).toEqual({ redirectTo: '/signed-out' });
    expect((await call('/bff/user')).status).toBe(401);
    // Kept where a page load finds it, as the BFF's cookie is: a new DemoSession agrees.
    expect(new DemoSession(window.sessionStorage).current()).toBeNull();
  });

  it('keeps the clinician an SPC admin chooses, across page loads, and only one A040 lists', async () => {
    session.signIn(HELEN);
    const choose = (onBehalfOfUserId: string) =>
      call('/api/acting-context', {
        method: 'PUT',
        body: JSON.stringify({
          odsCode: 'RCD',
          businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
          onBehalfOfUserId,
        }),
      });
    expect((await choose('555000000001')).status).toBe(403);
    expect((await choose(PRIYA)).status).toBe(200);

    const afterReload = new DemoSession(window.sessionStorage);
    expect(afterReload.current()?.actingAs).toEqual({
      odsCode: 'RCD',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
      onBehalfOf: { userId: PRIYA, name: null },
    });
  });
});
