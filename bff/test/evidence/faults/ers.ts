/**
 * e-RS and its object store failing in every way the issue names, against the gateway: each
 * answer is a typed problem within the retry and timeout bounds, and the session is intact.
 */
import { Agent } from 'undici';
import { expect } from 'vitest';
import {
  OBJECT_STORE_ORIGIN,
  problemOf,
  specExample,
  startGateway,
  type Gateway,
  type GatewayOptions,
} from '../../support/harness';
import { expectProblem, startServer, type FaultRow } from './fault';

const UBRN = '000000070001';
const A005 = `/referrals/FHIR/STU3/ReferralRequest/${UBRN}`;
const A008 = '/referrals/FHIR/STU3/ReferralRequest/$ers.fetchworklist';
const BINARY_ID = '719f6045-e791-4029-8e0f-1201c02b0a55';
const A042 = `/referrals/FHIR/R4/Binary/${BINARY_ID}`;
const SIGNED = `${OBJECT_STORE_ORIGIN}/attachments/${BINARY_ID}?X-Amz-Signature=cafe`;
const TIMEOUTS = { jsonMs: 300, binaryFirstByteMs: 200, binaryIdleMs: 200 };
const referral = () => specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs');
const ok = () => ({ status: 200, body: referral() });
const outcome = (code: string) => ({
  resourceType: 'OperationOutcome',
  issue: [{ code: 'transient', details: { coding: [{ code }] } }],
});

/** A gateway for one fault; the session must still answer afterwards (nothing lost). */
async function withGateway(options: GatewayOptions, fault: (gw: Gateway) => Promise<void>) {
  const gw = await startGateway(options);
  try {
    await fault(gw);
    expect((await gw.request('/bff/user')).status, 'the session was lost').toBe(200);
  } finally {
    await gw.close();
  }
}

/** The gateway's e-RS is a real server on loopback answering with `handler`. */
function onServer(
  fault: string,
  handler: Parameters<typeof startServer>[0],
  check: (gw: Gateway) => Promise<void>,
): FaultRow {
  return {
    dependency: 'e-RS',
    fault,
    async run() {
      const server = await startServer(handler);
      const agent = new Agent();
      try {
        await withGateway(
          {
            dispatcher: agent,
            client: { baseUrl: `${server.origin}/referrals/FHIR`, timeouts: TIMEOUTS },
          },
          check,
        );
      } finally {
        await agent.destroy();
        await server.close();
      }
    },
  };
}

function serveAttachment(gw: Gateway, location = SIGNED) {
  gw.upstream.on('GET', A005, ok());
  gw.upstream.on('GET', A042, { status: 307, headers: { location } });
}
const attachment = `/api/referrals/${UBRN}/attachments/${BINARY_ID}`;

export const ERS_FAULTS: FaultRow[] = [
  {
    dependency: 'e-RS',
    fault: '429 with Retry-After: 2, then an answer',
    run: () =>
      withGateway({}, async (gw) => {
        gw.upstream.on('GET', A005, { status: 429, headers: { 'retry-after': '2' } }, ok());
        expect((await gw.request(`/api/referrals/${UBRN}`)).status).toBe(200);
        expect(gw.sleeps).toEqual([2000]);
      }),
  },
  {
    dependency: 'e-RS',
    fault: '429 with a Retry-After longer than a clinician should wait (120 s)',
    run: () =>
      withGateway({}, async (gw) => {
        gw.upstream.on('GET', A005, { status: 429, headers: { 'retry-after': '120' } });
        const response = await gw.request(`/api/referrals/${UBRN}`);
        expect(response.headers.get('retry-after')).toBe('120');
        await expectProblem(response, 503, 'service_busy');
        expect(gw.upstream.calls).toHaveLength(1);
      }),
  },
  {
    dependency: 'e-RS',
    fault: '429 without Retry-After, throughout',
    run: () =>
      withGateway({}, async (gw) => {
        gw.upstream.on('GET', A005, { status: 429 });
        const response = await gw.request(`/api/referrals/${UBRN}`);
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
        await expectProblem(response, 503, 'service_busy');
        expect(gw.upstream.calls).toHaveLength(3);
      }),
  },
  {
    dependency: 'e-RS',
    fault: '503 SYSTEM_UNAVAILABLE, throughout',
    run: () =>
      withGateway({}, async (gw) => {
        gw.upstream.on('GET', A005, { status: 503, body: outcome('SYSTEM_UNAVAILABLE') });
        await expectProblem(
          await gw.request(`/api/referrals/${UBRN}`),
          503,
          'upstream_unavailable',
        );
        expect(gw.upstream.calls).toHaveLength(3);
      }),
  },
  {
    dependency: 'e-RS',
    fault: '503 once, then an answer',
    run: () =>
      withGateway({}, async (gw) => {
        gw.upstream.on('GET', A005, { status: 503, body: outcome('SYSTEM_UNAVAILABLE') }, ok());
        expect((await gw.request(`/api/referrals/${UBRN}`)).status).toBe(200);
      }),
  },
  {
    dependency: 'e-RS',
    fault: '500 on a referral',
    run: () =>
      withGateway({}, async (gw) => {
        gw.upstream.on('GET', A005, { status: 500, body: outcome('INTERNAL_SERVER_ERROR') });
        const response = await gw.request(`/api/referrals/${UBRN}`);
        expect(response.status).toBe(502);
        expect((await problemOf(response)).code).toMatch(/^upstream_/);
      }),
  },
  {
    dependency: 'e-RS',
    fault: '500 on a worklist (a POST retrieval)',
    run: () =>
      withGateway({}, async (gw) => {
        gw.upstream.on('POST', A008, { status: 500, body: outcome('INTERNAL_SERVER_ERROR') });
        const response = await gw.request('/api/worklists/REFERRALS_FOR_REVIEW');
        expect(response.status).toBe(502);
        expect((await problemOf(response)).code).toMatch(/^upstream_/);
      }),
  },
  {
    dependency: 'e-RS',
    fault: 'a status e-RS does not document (418)',
    run: () =>
      withGateway({}, async (gw) => {
        gw.upstream.on('GET', A005, { status: 418, body: 'teapot' });
        const response = await gw.request(`/api/referrals/${UBRN}`);
        expect(response.status).toBe(502);
      }),
  },
  {
    dependency: 'e-RS',
    fault: 'malformed JSON with a 200',
    run: () =>
      withGateway({}, async (gw) => {
        gw.upstream.on('GET', A005, {
          status: 200,
          body: '{"resourceType": "ReferralRe',
          headers: { 'content-type': 'application/fhir+json' },
        });
        await expectProblem(
          await gw.request(`/api/referrals/${UBRN}`),
          502,
          'upstream_invalid_response',
        );
      }),
  },
  {
    dependency: 'e-RS',
    fault: 'well-formed JSON of the wrong resource (a Patient for a referral)',
    run: () =>
      withGateway({}, async (gw) => {
        gw.upstream.on('GET', A005, {
          status: 200,
          body: { resourceType: 'Patient', id: '9912003888' },
        });
        await expectProblem(
          await gw.request(`/api/referrals/${UBRN}`),
          502,
          'upstream_invalid_response',
        );
      }),
  },
  {
    dependency: 'e-RS',
    fault: 'a huge body (16 MB of JSON) for a referral',
    run: () =>
      withGateway({}, async (gw) => {
        const huge = `{"resourceType":"ReferralRequest","padding":"${'x'.repeat(16 * 1024 * 1024)}"}`;
        gw.upstream.on('GET', A005, {
          status: 200,
          body: huge,
          headers: { 'content-type': 'application/fhir+json' },
        });
        const response = await gw.request(`/api/referrals/${UBRN}`);
        expect(response.status).toBe(502);
        expect((await problemOf(response)).code).toMatch(/^upstream_/);
      }),
  },
  onServer(
    'a hang: e-RS accepts the request and never answers',
    () => undefined,
    async (gw) => {
      await expectProblem(await gw.request(`/api/referrals/${UBRN}`), 504, 'upstream_timeout');
    },
  ),
  onServer(
    'a JSON body that stalls half way',
    (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/fhir+json' });
      response.write('{"resourceType":"ReferralRequest",');
    },
    async (gw) => {
      await expectProblem(await gw.request(`/api/referrals/${UBRN}`), 504, 'upstream_timeout');
    },
  ),
  onServer(
    'a connection reset before any answer',
    (request) => request.socket.destroy(),
    async (gw) => {
      await expectProblem(await gw.request(`/api/referrals/${UBRN}`), 503, 'upstream_unavailable');
    },
  ),
  {
    dependency: 'e-RS',
    fault: 'connection refused (nothing listening)',
    async run() {
      const server = await startServer(() => undefined);
      const origin = server.origin;
      await server.close();
      const agent = new Agent();
      try {
        await withGateway(
          {
            dispatcher: agent,
            client: { baseUrl: `${origin}/referrals/FHIR`, timeouts: TIMEOUTS },
          },
          async (gw) => {
            await expectProblem(
              await gw.request(`/api/referrals/${UBRN}`),
              503,
              'upstream_unavailable',
            );
          },
        );
      } finally {
        await agent.destroy();
      }
    },
  },
  {
    dependency: 'e-RS',
    fault: '401 once: the access token is renewed and the request answered',
    run: () =>
      withGateway({}, async (gw) => {
        gw.upstream.on('GET', A005, { status: 401, body: outcome('ACCESS_DENIED') }, ok());
        expect((await gw.request(`/api/referrals/${UBRN}`)).status).toBe(200);
        expect(gw.accessTokens.renewals).toHaveLength(1);
      }),
  },
  {
    dependency: 'object store',
    // An allowed object-store host with nothing answering there (the network is disabled): a
    // host outside ERS_OBJECT_STORE_HOSTS would be refused before any connection, another rule.
    fault: "A042's redirect to an allowed object-store host that cannot be reached",
    run: () =>
      withGateway({}, async (gw) => {
        serveAttachment(gw);
        await expectProblem(await gw.request(attachment), 502, 'upstream_unavailable');
        expect(gw.upstream.calls.map((call) => call.origin)).toContain(OBJECT_STORE_ORIGIN);
      }),
  },
  {
    dependency: 'object store',
    fault: '503 from the object store (fetched once, not retried)',
    run: () =>
      withGateway({}, async (gw) => {
        serveAttachment(gw);
        gw.upstream.on('GET', SIGNED, { status: 503, headers: { 'retry-after': '1' } });
        const response = await gw.request(attachment);
        expect(response.status).toBe(502);
        await response.body?.cancel();
        expect(
          gw.upstream.calls.filter((call) => call.origin === OBJECT_STORE_ORIGIN),
        ).toHaveLength(1);
      }),
  },
];
