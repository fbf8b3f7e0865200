/**
 * CSRF by default: everything under /bff and /api needs `X-CSRF: 1`, unless its module lists it
 * as an exemption (the sign-in navigations, the sign-out form and CIS2's back-channel logout). A
 * route nobody told
 * the CSRF code about is protected all the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { problemOf, startGateway, type Gateway } from './support/harness';

let gw: Gateway;
afterEach(() => gw?.close());

const noHeader = { headers: { 'X-CSRF': '' } };

describe('a route added after the app was built', () => {
  it.each(['/api/new-action', '/bff/new-action'])(
    'POST %s is refused without X-CSRF and served with it',
    async (path) => {
      gw = await startGateway();
      let ran = 0;
      gw.app.post(path, (c) => {
        ran += 1;
        return c.json({ done: true });
      });

      const refused = await gw.request(path, { method: 'POST', ...noHeader });
      expect(refused.status).toBe(403);
      expect(await problemOf(refused)).toMatchObject({ code: 'csrf_required' });
      expect(ran).toBe(0);

      const crossSite = await gw.request(path, {
        method: 'POST',
        headers: { 'Sec-Fetch-Site': 'cross-site' },
      });
      expect(crossSite.status).toBe(403);
      expect(await problemOf(crossSite)).toMatchObject({ code: 'cross_site_request' });
      expect(ran).toBe(0);

      const served = await gw.request(path, { method: 'POST' });
      expect(served.status).toBe(200);
      expect(ran).toBe(1);
    },
  );
});

describe('the exemptions', () => {
  it('lets the sign-in start as a top-level navigation, and as nothing else', async () => {
    gw = await startGateway();
    // The harness has no CIS2: a navigation gets as far as the sign-in problem page.
    const navigation = await gw.request('/bff/login', {
      headers: { 'X-CSRF': '', 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Mode': 'navigate' },
    });
    expect(navigation.status).toBe(302);
    const plainClient = await gw.request('/bff/login', noHeader);
    expect(plainClient.status).toBe(302);

    for (const dest of ['image', 'iframe', 'empty', 'script']) {
      const subresource = await gw.request('/bff/login', {
        headers: { 'X-CSRF': '', 'Sec-Fetch-Dest': dest },
      });
      expect(subresource.status, dest).toBe(403);
    }
    const post = await gw.request('/bff/login', { method: 'POST', ...noHeader });
    expect(post.status).toBe(403);
  });

  it('does not extend to API routes, even for a top-level navigation', async () => {
    gw = await startGateway();
    const navigation = await gw.request('/api/referrals/000000070000', {
      headers: { 'X-CSRF': '', 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Mode': 'navigate' },
    });
    expect(navigation.status).toBe(403);
    expect(gw.upstream.calls).toEqual([]);
  });

  it('lets CIS2 post a back-channel logout without the header (the token is checked instead)', async () => {
    gw = await startGateway();
    const response = await gw.request('/bff/backchannel-logout', {
      method: 'POST',
      headers: { 'X-CSRF': '', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'logout_token=not-a-jwt',
    });
    expect(response.status).toBe(400);
  });

  it('lets the sign-out form POST as a same-origin navigation, and as nothing else', async () => {
    gw = await startGateway();
    const form = { 'X-CSRF': '', 'Content-Type': 'application/x-www-form-urlencoded' };
    const navigations: Record<string, string>[] = [
      {
        'Sec-Fetch-Dest': 'document',
        'Sec-Fetch-Mode': 'navigate',
        'Sec-Fetch-Site': 'same-origin',
      },
      {},
    ];
    for (const metadata of navigations) {
      const navigation = await gw.request('/bff/logout', {
        method: 'POST',
        headers: { ...form, ...metadata },
      });
      expect(navigation.status, JSON.stringify(metadata)).toBe(303);
    }
    for (const [name, metadata] of [
      ['cross-site', { 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Site': 'cross-site' }],
      ['same-site', { 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Site': 'same-site' }],
      ['an iframe', { 'Sec-Fetch-Dest': 'iframe', 'Sec-Fetch-Site': 'same-origin' }],
      ['a fetch', { 'Sec-Fetch-Dest': 'empty', 'Sec-Fetch-Site': 'same-origin' }],
    ] as const) {
      const refused = await gw.request('/bff/logout', {
        method: 'POST',
        headers: { ...form, ...metadata },
      });
      expect(refused.status, name).toBe(403);
    }
  });
});
