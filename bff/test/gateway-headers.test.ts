/**
 * What the BFF sends e-RS, header by header: built from scratch for every call, the acting
 * context exactly as NHS specifies it, on-behalf-of exactly for SPCA, and nothing of the
 * browser's request (cookies, its Authorization, hop-by-hop and X-Forwarded-* headers, ids it
 * made up) ever forwarded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BusinessFunction } from '@ers/shared/bff-contract';
import {
  NHS_NUMBER,
  fakeAccessTokens,
  problemOf,
  specExample,
  startGateway,
  type Gateway,
} from './support/harness';

const UBRN = '000000070001';
const A005 = `/referrals/FHIR/STU3/ReferralRequest/${UBRN}`;
const referral = () => specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs');

let gw: Gateway;
afterEach(() => gw?.close());

describe('acting-context headers', () => {
  it.each<BusinessFunction>([
    'SERVICE_PROVIDER_CLINICIAN',
    'REFERRING_CLINICIAN',
    'REFERRING_CLINICIAN_ADMIN',
  ])(
    '%s: exactly Accept, Authorization, ODS, business function and our correlation id',
    async (businessFunction) => {
      gw = await startGateway({ session: { businessFunction, odsCode: 'RCD' } });
      gw.upstream.on('GET', A005, { status: 200, body: referral() });
      const response = await gw.request(`/api/referrals/${UBRN}`);
      expect(response.status).toBe(200);
      const [call] = gw.upstream.calls;
      expect(call?.headers).toEqual({
        accept: 'application/fhir+json',
        authorization: 'Bearer apim-token-1',
        'nhsd-end-user-organisation-ods': 'RCD',
        'nhsd-ers-business-function': businessFunction,
        'x-correlation-id': response.headers.get('x-correlation-id'),
      });
    },
  );

  it('SPCA: adds NHSD-eRS-On-Behalf-Of-User-ID with the chosen clinician', async () => {
    gw = await startGateway({
      session: {
        businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
        onBehalfOf: { userId: '021600556514', name: 'Dr Jones' },
      },
    });
    gw.upstream.on('GET', A005, { status: 200, body: referral() });
    expect((await gw.request(`/api/referrals/${UBRN}`)).status).toBe(200);
    expect(gw.upstream.calls[0]?.headers).toMatchObject({
      'nhsd-ers-business-function': 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
      'nhsd-ers-on-behalf-of-user-id': '021600556514',
    });
  });

  it('never sends on-behalf-of for any other business function, even if the session held one', async () => {
    gw = await startGateway({
      session: {
        businessFunction: 'SERVICE_PROVIDER_CLINICIAN',
        onBehalfOf: { userId: '021600556514', name: 'Dr Jones' },
      },
    });
    gw.upstream.on('GET', A005, { status: 200, body: referral() });
    await gw.request(`/api/referrals/${UBRN}`);
    expect(gw.upstream.calls[0]?.headers).not.toHaveProperty('nhsd-ers-on-behalf-of-user-id');
  });

  it('SPCA asking whom it may act for (A040): no on-behalf-of header yet, the query NHS specifies', async () => {
    gw = await startGateway({ session: { businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN' } });
    gw.upstream.on('GET', '/referrals/FHIR/R4/Practitioner?_query=onBehalfOf', {
      status: 200,
      body: specExample('/R4/Practitioner', 'get', 'example-response-body'),
    });
    const response = await gw.request('/api/on-behalf-of');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      practitioners: [{ userId: '111111111111', name: null }],
    });
    const [call] = gw.upstream.calls;
    expect(call?.headers['nhsd-ers-business-function']).toBe('SERVICE_PROVIDER_CLINICIAN_ADMIN');
    expect(call?.headers).not.toHaveProperty('nhsd-ers-on-behalf-of-user-id');
  });

  it('the public sandbox preset (no token): no Authorization header at all', async () => {
    gw = await startGateway({ accessTokens: fakeAccessTokens(null) });
    gw.upstream.on('GET', A005, { status: 200, body: referral() });
    expect((await gw.request(`/api/referrals/${UBRN}`)).status).toBe(200);
    expect(gw.upstream.calls[0]?.headers).not.toHaveProperty('authorization');
    expect(gw.upstream.calls[0]?.headers['nhsd-ers-business-function']).toBe(
      'SERVICE_PROVIDER_CLINICIAN',
    );
  });

  it('A008 posts FHIR JSON with Content-Type application/fhir+json', async () => {
    gw = await startGateway();
    gw.upstream.on('POST', '/referrals/FHIR/STU3/ReferralRequest/$ers.fetchworklist', {
      status: 200,
      body: specExample('/STU3/ReferralRequest/$ers.fetchworklist', 'post', 'referrals-for-review'),
    });
    expect((await gw.request('/api/worklists/REFERRALS_FOR_REVIEW')).status).toBe(200);
    expect(gw.upstream.calls[0]?.headers['content-type']).toBe('application/fhir+json');
    expect(gw.upstream.calls[0]?.headers.accept).toBe('application/fhir+json');
  });

  it('A007 asks for a PDF', async () => {
    gw = await startGateway();
    gw.upstream.on('POST', `/referrals/FHIR/STU3/ReferralRequest/${UBRN}/$ers.generateCRI`, {
      status: 200,
      body: Buffer.from('%PDF-1.4'),
      headers: { 'content-type': 'application/pdf' },
    });
    expect((await gw.request(`/api/referrals/${UBRN}/clinical-information`)).status).toBe(200);
    expect(gw.upstream.calls[0]?.headers.accept).toMatch(/^application\/pdf\b/);
    expect(gw.upstream.calls[0]?.headers).not.toHaveProperty('content-type');
  });
});

describe('nothing from the browser reaches e-RS', () => {
  it('cookies, its own Authorization, hop-by-hop, X-Forwarded-*, made-up ids and NHSD-* are dropped', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A005, { status: 200, body: referral() });
    const response = await gw.request(`/api/referrals/${UBRN}`, {
      headers: {
        Authorization: 'Bearer stolen-or-forged',
        Cookie: 'tracking=abc',
        Connection: 'keep-alive, X-Secret',
        'X-Secret': 'hop-by-hop by name',
        'Keep-Alive': 'timeout=5',
        'Proxy-Authorization': 'Basic Zm9vOmJhcg==',
        TE: 'trailers',
        Forwarded: 'for=203.0.113.7;proto=https',
        'X-Forwarded-For': '203.0.113.7',
        'X-Forwarded-Host': 'evil.example',
        'X-Forwarded-Proto': 'http',
        'X-Real-IP': '203.0.113.7',
        'X-Correlation-ID': 'attacker-chosen-id',
        'X-Request-ID': 'attacker-request-id',
        'NHSD-End-User-Organisation-ODS': 'EVIL',
        'NHSD-eRS-Business-Function': 'SERVICE_PROVIDER_ADMIN',
        'NHSD-eRS-On-Behalf-Of-User-ID': '999999999999',
        'NHSD-Session-URID': '555',
        Origin: 'https://ers-client.example.nhs.uk',
        Referer: 'https://ers-client.example.nhs.uk/referrals',
        'User-Agent': 'Browser/1.0',
        'Accept-Language': 'en-GB',
      },
    });
    expect(response.status).toBe(200);
    const sent = gw.upstream.calls[0]!.headers;
    expect(Object.keys(sent).sort()).toEqual([
      'accept',
      'authorization',
      'nhsd-end-user-organisation-ods',
      'nhsd-ers-business-function',
      'x-correlation-id',
    ]);
    expect(sent.authorization).toBe('Bearer apim-token-1');
    expect(sent['nhsd-end-user-organisation-ods']).toBe('R69');
    expect(sent['nhsd-ers-business-function']).toBe('SERVICE_PROVIDER_CLINICIAN');
    expect(sent['x-correlation-id']).not.toBe('attacker-chosen-id');
    expect(sent['x-correlation-id']).toBe(response.headers.get('x-correlation-id'));
  });
});

describe('ids back to the SPA', () => {
  it("returns e-RS's X-Request-ID as X-eRS-Request-ID, and in problems as ersRequestId", async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A005, {
      status: 200,
      body: referral(),
      headers: { 'x-request-id': 'ers-ok-1' },
    });
    const ok = await gw.request(`/api/referrals/${UBRN}`);
    expect(ok.headers.get('x-ers-request-id')).toBe('ers-ok-1');

    gw.upstream.on('GET', '/referrals/FHIR/STU3/ReferralRequest/123456789012', {
      status: 404,
      body: { resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] },
      headers: { 'x-request-id': 'ers-404-1' },
    });
    const missing = await gw.request('/api/referrals/123456789012');
    expect(missing.headers.get('x-ers-request-id')).toBe('ers-404-1');
    const problem = await problemOf(missing);
    expect(problem).toMatchObject({
      code: 'referral_not_found',
      ersRequestId: 'ers-404-1',
      correlationId: missing.headers.get('x-correlation-id'),
    });
    const logged = gw.logs.filter((line) => line.msg === 'upstream call');
    expect(logged.map((line) => line.ersRequestId)).toEqual(['ers-ok-1', 'ers-404-1']);
  });
});

describe('the INT worked example', () => {
  it('GET https://int.api.service.nhs.uk/referrals/FHIR/STU3/ReferralRequest/123456789012, intercepted', async () => {
    const token = 'int-apim-access-token-Zm9vYmFy';
    gw = await startGateway({
      session: { odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
      accessTokens: fakeAccessTokens(token),
    });
    gw.upstream.on('GET', '/referrals/FHIR/STU3/ReferralRequest/123456789012', (call) => ({
      status: 200,
      body: { ...(referral() as object), id: '123456789012' },
      headers: {
        'x-request-id': 'int-tx-1',
        'x-correlation-id': call.headers['x-correlation-id']!,
      },
    }));

    const response = await gw.request('/api/referrals/123456789012');
    expect(response.status).toBe(200);
    expect(gw.upstream.calls).toHaveLength(1);
    const call = gw.upstream.calls[0]!;
    expect(`${call.origin}${call.path}`).toBe(
      'https://int.api.service.nhs.uk/referrals/FHIR/STU3/ReferralRequest/123456789012',
    );
    expect(call.method).toBe('GET');
    expect(call.headers.authorization).toBe(`Bearer ${token}`);
    expect(call.headers['nhsd-end-user-organisation-ods']).toBe('R69');
    expect(call.headers['nhsd-ers-business-function']).toBe('SERVICE_PROVIDER_CLINICIAN');
    expect(call.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    // The withdrawn CIS1/HSCN way: ASID and a professional session key are never sent.
    for (const name of Object.keys(call.headers)) {
      expect(name).not.toMatch(/asid|session|ssp|urid/i);
    }
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ubrn: '123456789012', nhsNumber: NHS_NUMBER });
    expect(response.headers.get('x-ers-request-id')).toBe('int-tx-1');
  });
});
