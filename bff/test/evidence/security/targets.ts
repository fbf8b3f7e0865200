/**
 * The two BFFs every attack row runs against, built once for the whole table (a row must leave
 * them as it found them, so sharing them is itself part of the evidence):
 *
 *   gateway   the app from its dependencies (support/gateway.ts): e-RS as a MockAgent that
 *             records every call (to the object store and every origin an SSRF row redirects
 *             to as well), the audit stream, a store that records every write, the object-store
 *             allowlist and DNS of areas/attachment-redirect.ts, and a signed-in Service
 *             Provider Clinician (the session rows must not disturb)
 *   bff       the BFF from configuration with the forged CIS2 (support/forged-cis2-bff.ts),
 *             with a victim signed in through a real round trip
 */
import { randomBytes } from 'node:crypto';
import { createMemoryStore } from '../../../src/session/memory-store';
import {
  INT_ORIGIN,
  OBJECT_STORE_ORIGIN,
  PUBLIC_ORIGIN,
  SESSION_COOKIE,
  createFakeUpstream,
  fakeAccessTokens,
  recordingStore,
  roundTripWith,
  startBffWithForgedCis2,
  startGateway,
  type Browser,
} from '../../support/harness';
import { OBJECT_STORE_DNS, REDIRECT_TARGET_ORIGINS } from './areas/attachment-redirect';

export type Targets = Awaited<ReturnType<typeof startTargets>>;

/** The signed-in user as /bff/user shows it, without counting as activity. */
async function userOf(request: () => Promise<Response>) {
  const response = await request();
  const body = (await response.json()) as { user?: unknown; code?: unknown };
  return { status: response.status, user: body.user ?? null, code: body.code ?? null };
}

export async function startTargets() {
  const gatewayStore = recordingStore(createMemoryStore());
  const gw = await startGateway({
    store: gatewayStore.store,
    accessTokens: fakeAccessTokens(),
    upstream: createFakeUpstream([INT_ORIGIN, OBJECT_STORE_ORIGIN, ...REDIRECT_TARGET_ORIGINS]),
    client: {
      objectStore: {
        hosts: Object.keys(OBJECT_STORE_DNS),
        allowHttp: false,
        allowLoopback: false,
        resolve: async (hostname) => [...(OBJECT_STORE_DNS[hostname] ?? [])],
      },
    },
  });
  const sessionId = await gw.signIn();
  // Sessions in other roles, made before any row runs (a row must create nothing).
  const roles = {
    providerAdmin: await gw.signIn({ businessFunction: 'SERVICE_PROVIDER_ADMIN' }),
    clinicianAdminWithoutClinician: await gw.signIn({
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
    }),
    referringClinician: await gw.signIn({ businessFunction: 'REFERRING_CLINICIAN' }),
    referringAdmin: await gw.signIn({ businessFunction: 'REFERRING_ADMIN' }),
    clinicianElsewhere: await gw.signIn({ odsCode: 'RCD' }),
  };
  const bff = await startBffWithForgedCis2();
  const signedIn = await roundTripWith(bff);
  if (signedIn.response.status !== 302) throw new Error('the victim could not sign in');
  const victim: Browser = signedIn.browser;

  return {
    gw,
    gatewayStore,
    bff,
    victim,
    /** A session id nobody was ever given. */
    strangerId: () => randomBytes(32).toString('base64url'),
    /** The gateway's signed-in Service Provider Clinician, whom rows attack from or around. */
    sessionId,
    roles,
    /** A request to the gateway with exactly these headers and the session cookie. */
    bare(path: string, init: RequestInit & { sessionId?: string } = {}) {
      const { sessionId: id = sessionId, ...rest } = init;
      const headers = new Headers(rest.headers);
      const cookie = `${SESSION_COOKIE}=${id}`;
      headers.set('cookie', headers.has('cookie') ? `${headers.get('cookie')}; ${cookie}` : cookie);
      return gw.app.request(new URL(path, PUBLIC_ORIGIN).toString(), { ...rest, headers });
    },
    gatewayUser: () =>
      userOf(() => gw.request('/bff/user?slide=false', { sessionId, headers: { 'X-CSRF': '1' } })),
    victimUser: () =>
      userOf(() => victim.fetch('/bff/user?slide=false', { headers: { 'X-CSRF': '1' } })),
    async close() {
      await gw.close();
      await bff.close();
    },
  };
}
