/**
 * When e-RS is slow, busy, refuses the token or talks nonsense: Retry-After honoured within
 * bounds, back-off with jitter only for requests safe to repeat, one token renewal per 401,
 * timeouts on every call, and a typed problem for each case. Timeouts and broken streams use a
 * real HTTP server on the loopback interface (a MockAgent cannot stall a socket).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createUpstream } from '../src/ers/upstream';
import {
  INT_ORIGIN,
  OBJECT_STORE_ORIGIN,
  createFakeUpstream,
  fakeAccessTokens,
  problemOf,
  specExample,
  startGateway,
  type Gateway,
} from './support/harness';

const UBRN = '000000070001';
const A005 = `/referrals/FHIR/STU3/ReferralRequest/${UBRN}`;
const referral = () => specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs');
const ok = () => ({ status: 200, body: referral(), headers: { 'x-request-id': 'ers-ok' } });
const busy = (status: 429 | 503, retryAfter?: string) => ({
  status,
  ...(status === 503
    ? {
        body: {
          resourceType: 'OperationOutcome',
          issue: [{ code: 'transient', details: { coding: [{ code: 'SYSTEM_UNAVAILABLE' }] } }],
        },
      }
    : {}),
  headers: {
    'x-request-id': `ers-${status}`,
    ...(retryAfter ? { 'retry-after': retryAfter } : {}),
  },
});

let gw: Gateway;
afterEach(() => gw?.close());

describe('429 and 503: Retry-After honoured, bounded', () => {
  it('waits the Retry-After seconds, then succeeds', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A005, busy(429, '2'), ok());
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(200);
    expect(gw.sleeps).toEqual([2000]);
    expect(gw.upstream.calls).toHaveLength(2);
  });

  it('reads Retry-After as an HTTP date', async () => {
    const now = Date.parse('Sun, 22 Nov 2026 10:00:00 GMT');
    gw = await startGateway({ client: { now: () => now } });
    gw.upstream.on('GET', A005, busy(503, 'Sun, 22 Nov 2026 10:00:03 GMT'), ok());
    expect((await gw.request(`/api/referrals/${UBRN}`)).status).toBe(200);
    expect(gw.sleeps).toEqual([3000]);
  });

  it('gives up at once on a Retry-After longer than we may keep a clinician waiting, and passes it on', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A005, busy(429, '120'), ok());
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('120');
    expect(await problemOf(response)).toMatchObject({
      code: 'service_busy',
      retryAfterSeconds: 120,
      ersRequestId: 'ers-429',
    });
    expect(gw.upstream.calls).toHaveLength(1);
    expect(gw.sleeps).toEqual([]);
  });

  it('caps what it reports: e-RS may say next week, the SPA hears at most 5 minutes', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A005, busy(503, '86400'));
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('300');
    expect(await problemOf(response)).toMatchObject({ code: 'upstream_unavailable' });
  });

  it('without Retry-After: exponential back-off with full jitter (1 s, then 2 s ceilings)', async () => {
    gw = await startGateway({ client: { random: () => 0.5 } });
    gw.upstream.on('GET', A005, busy(429), busy(429), ok());
    expect((await gw.request(`/api/referrals/${UBRN}`)).status).toBe(200);
    expect(gw.sleeps).toEqual([500, 1000]);
    expect(gw.upstream.calls).toHaveLength(3);
  });

  it('jitter stays below each ceiling', async () => {
    gw = await startGateway({ client: { random: () => 0.999 } });
    gw.upstream.on('GET', A005, busy(503), busy(503), ok());
    expect((await gw.request(`/api/referrals/${UBRN}`)).status).toBe(200);
    expect(gw.sleeps[0]).toBeLessThan(1000);
    expect(gw.sleeps[1]).toBeLessThan(2000);
  });

  it('stops after three attempts: e-RS still busy is a 503 service_busy with a Retry-After', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A005, busy(429));
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await problemOf(response)).toMatchObject({ code: 'service_busy' });
    expect(gw.upstream.calls).toHaveLength(3);
    expect(gw.sleeps).toHaveLength(2);
  });

  it('e-RS unavailable throughout: 503 upstream_unavailable after three attempts', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A005, busy(503));
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(503);
    expect(await problemOf(response)).toMatchObject({ code: 'upstream_unavailable' });
    expect(gw.upstream.calls).toHaveLength(3);
  });

  it('the POST retrievals (A008, A007) count as safe to repeat', async () => {
    gw = await startGateway();
    gw.upstream.on('POST', '/referrals/FHIR/STU3/ReferralRequest/$ers.fetchworklist', busy(503), {
      status: 200,
      body: specExample('/STU3/ReferralRequest/$ers.fetchworklist', 'post', 'referrals-for-review'),
    });
    expect((await gw.request('/api/worklists/REFERRALS_FOR_REVIEW')).status).toBe(200);
    expect(gw.upstream.calls).toHaveLength(2);
  });
});

describe('back-off only for requests safe to repeat', () => {
  it('a request not marked retry-safe is sent once, whatever e-RS says', async () => {
    const fake = createFakeUpstream();
    const sleeps: number[] = [];
    const upstream = createUpstream({
      dispatcher: fake.dispatcher,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    fake.on(
      'POST',
      '/referrals/FHIR/STU3/ReferralRequest/000000070001/$ers.cancelReferral',
      busy(503, '1'),
    );
    const result = await upstream.send({
      label: 'A036',
      method: 'POST',
      url: new URL(
        `${INT_ORIGIN}/referrals/FHIR/STU3/ReferralRequest/000000070001/$ers.cancelReferral`,
      ),
      headers: {},
      body: '{}',
      retrySafe: false,
      expect: 'json',
      rateLimited: false,
    });
    expect(result).toMatchObject({ kind: 'response', status: 503 });
    expect(fake.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    await fake.close();
  });

  it("the object store's signed URL is fetched once: a 503 there is not retried", async () => {
    gw = await startGateway();
    const signed = `${OBJECT_STORE_ORIGIN}/attachments/x?sig=1`;
    gw.upstream.on('GET', A005, ok());
    gw.upstream.on('GET', '/referrals/FHIR/R4/Binary/719f6045-e791-4029-8e0f-1201c02b0a55', {
      status: 307,
      headers: { location: signed },
    });
    gw.upstream.on('GET', signed, { status: 503, headers: { 'retry-after': '1' } });
    const response = await gw.request(
      `/api/referrals/${UBRN}/attachments/719f6045-e791-4029-8e0f-1201c02b0a55`,
    );
    expect(response.status).toBe(502);
    expect(gw.upstream.calls.filter((call) => call.origin === OBJECT_STORE_ORIGIN)).toHaveLength(1);
    expect(gw.sleeps).toEqual([]);
  });
});

describe('401 from e-RS: one renewal, one retry', () => {
  const unauthorized = {
    status: 401,
    body: {
      resourceType: 'OperationOutcome',
      issue: [{ code: 'login', details: { coding: [{ code: 'ACCESS_DENIED' }] } }],
    },
  };

  it('renews the rejected token and retries with the new one', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A005, unauthorized, ok());
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(200);
    expect(gw.accessTokens.renewals).toEqual([{ rejected: 'apim-token-1' }]);
    expect(gw.upstream.calls.map((call) => call.headers.authorization)).toEqual([
      'Bearer apim-token-1',
      'Bearer apim-token-2',
    ]);
  });

  it('a 401 to the renewed token is a problem to report, not "sign in again" (a sign-in loop)', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A005, unauthorized);
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(502);
    expect(await problemOf(response)).toMatchObject({
      code: 'upstream_access_refused',
      detail: expect.stringContaining('signing in again will not change that'),
    });
    expect(gw.accessTokens.renewals).toHaveLength(1);
    expect(gw.upstream.calls).toHaveLength(2);
    expect(gw.audits).toMatchObject([
      { outcome: 'unauthorized', result: 'failure', problemCode: 'upstream_access_refused' },
    ]);
  });

  it('when the token cannot be renewed, the user signs in again, e-RS asked once', async () => {
    const tokens = fakeAccessTokens();
    tokens.setRenewal({ ok: false, reason: 'sign_in_again' });
    gw = await startGateway({ accessTokens: tokens });
    gw.upstream.on('GET', A005, unauthorized);
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(401);
    expect(gw.upstream.calls).toHaveLength(1);
  });

  it('APIM unreachable during renewal: 503, not a sign-out', async () => {
    const tokens = fakeAccessTokens();
    tokens.setRenewal({ ok: false, reason: 'unavailable' });
    gw = await startGateway({ accessTokens: tokens });
    gw.upstream.on('GET', A005, unauthorized);
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(503);
    expect(await problemOf(response)).toMatchObject({ code: 'upstream_unavailable' });
  });

  it.each([
    ['sign_in_again', 401],
    ['unavailable', 503],
  ] as const)('no usable token (%s): e-RS is not called at all', async (reason, status) => {
    const tokens = fakeAccessTokens();
    tokens.setCurrent({ ok: false, reason });
    gw = await startGateway({ accessTokens: tokens });
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(status);
    expect(gw.upstream.calls).toEqual([]);
  });

  it('the sandbox (no token) has nothing to renew, and signing in again would not help', async () => {
    gw = await startGateway({ accessTokens: fakeAccessTokens(null) });
    gw.upstream.on('GET', A005, unauthorized);
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(502);
    expect(await problemOf(response)).toMatchObject({ code: 'upstream_access_refused' });
    expect(gw.accessTokens.renewals).toEqual([]);
    expect(gw.upstream.calls).toHaveLength(1);
  });
});

// --- A real server for what a MockAgent cannot do ---------------------------------------------

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

async function startServer(handler: Handler) {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request);
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('timeouts and broken connections', () => {
  const servers: Awaited<ReturnType<typeof startServer>>[] = [];
  const agents: Agent[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await Promise.all(agents.splice(0).map((agent) => agent.destroy()));
  });

  async function gatewayOn(
    handler: Handler,
    timeouts = { jsonMs: 300, binaryFirstByteMs: 200, binaryIdleMs: 200 },
  ) {
    const server = await startServer(handler);
    servers.push(server);
    const agent = new Agent();
    agents.push(agent);
    gw = await startGateway({
      dispatcher: agent,
      client: {
        baseUrl: `${server.origin}/referrals/FHIR`,
        objectStore: {
          hosts: [new URL(server.origin).host],
          allowHttp: true,
          allowLoopback: true,
        },
        timeouts,
      },
    });
    return server;
  }

  it('e-RS never answering is a 504 upstream_timeout, in about the JSON timeout', async () => {
    await gatewayOn(() => undefined);
    const started = performance.now();
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(504);
    expect(await problemOf(response)).toMatchObject({ code: 'upstream_timeout' });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a JSON body that stalls half way is a timeout too (one deadline for the whole exchange)', async () => {
    await gatewayOn((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/fhir+json' });
      response.write('{"resourceType":"ReferralRequest",');
    });
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(504);
  });

  it('an object store slower than the first-byte timeout is a 504', async () => {
    const server = await gatewayOn((request, response) => {
      if (request.url === A005) {
        response.writeHead(200, { 'content-type': 'application/fhir+json' });
        response.end(JSON.stringify(referral()));
      } else if (request.url?.startsWith('/referrals/FHIR/R4/Binary/')) {
        response.writeHead(307, { location: `${server.origin}/object-store/x?sig=1` }).end();
      }
      // The object store never answers.
    });
    const response = await gw.request(
      `/api/referrals/${UBRN}/attachments/719f6045-e791-4029-8e0f-1201c02b0a55`,
    );
    expect(response.status).toBe(504);
    expect(server.requests.map((request) => request.url)).toHaveLength(3);
  });

  it('a file that breaks off mid-stream is not fetched again', async () => {
    const server = await gatewayOn((request, response) => {
      if (request.url === A005) {
        response.writeHead(200, { 'content-type': 'application/fhir+json' });
        response.end(JSON.stringify(referral()));
      } else if (request.url?.startsWith('/referrals/FHIR/R4/Binary/')) {
        response.writeHead(307, { location: `${server.origin}/object-store/x?sig=1` }).end();
      } else {
        response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '1000' });
        response.write('%PDF-1.4 half of it');
        setTimeout(() => response.socket?.destroy(), 20);
      }
    });
    const response = await gw.request(
      `/api/referrals/${UBRN}/attachments/719f6045-e791-4029-8e0f-1201c02b0a55`,
    );
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
    expect(
      server.requests.filter((request) => request.url?.startsWith('/object-store')),
    ).toHaveLength(1);
    expect(
      server.requests.filter((request) => request.url?.startsWith('/referrals/FHIR/R4/Binary')),
    ).toHaveLength(1);
  });

  it('e-RS refusing connections is a 503 upstream_unavailable', async () => {
    const server = await gatewayOn(() => undefined);
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(503);
    expect(await problemOf(response)).toMatchObject({ code: 'upstream_unavailable' });
  });
});
