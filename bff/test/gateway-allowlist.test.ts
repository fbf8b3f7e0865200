/**
 * The gateway's outer wall: only the allowlisted retrieval routes reach e-RS, only with GET, only
 * with input that passed validation, and only in an acting context e-RS would accept for that
 * operation. Every refusal here must leave e-RS uncalled.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BusinessFunction } from '@ers/shared/bff-contract';
import { problemOf, startGateway, type Gateway } from './support/harness';

const UBRN = '000000070000';
const ATTACHMENT = '719f6045-e791-4029-8e0f-1201c02b0a55';

let gw: Gateway;
beforeEach(async () => {
  gw = await startGateway();
});
afterEach(() => gw.close());

const ALLOWLISTED = [
  `/api/referrals/${UBRN}`,
  `/api/referrals/${UBRN}/versions/5`,
  `/api/referrals/${UBRN}/attachments/${ATTACHMENT}`,
  `/api/referrals/${UBRN}/clinical-information`,
  '/api/worklists/REFERRALS_FOR_REVIEW',
  '/api/reference-data/SPECIALTY',
  '/api/on-behalf-of',
];

describe('only allowlisted operations reach e-RS', () => {
  it.each([
    `/api/referrals/${UBRN}/notes`,
    `/api/referrals/${UBRN}/attachments`,
    `/api/referrals/${UBRN}/versions`,
    `/api/referrals/${UBRN}/_history/5`,
    '/api/STU3/ReferralRequest/000000070000',
    '/api/R4/Binary/abc',
    '/api/fhir/ReferralRequest/$ers.cancelReferral',
    '/api/referrals',
    '/api/worklists',
    '/api/reference-data',
    '/api/practitioner-roles',
    '/api/Appointment/70009',
  ])('GET %s is a 404 with no upstream call', async (path) => {
    const response = await gw.request(path);
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ code: 'route_not_found' });
    expect(gw.upstream.calls).toEqual([]);
  });

  it.each(ALLOWLISTED.flatMap((path) => ['POST', 'PUT', 'PATCH', 'DELETE'].map((m) => [m, path])))(
    '%s %s is a 405 with Allow: GET and no upstream call',
    async (method, path) => {
      const response = await gw.request(path, { method, body: method === 'DELETE' ? null : '{}' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET');
      expect(await problemOf(response)).toMatchObject({ code: 'method_not_allowed' });
      expect(gw.upstream.calls).toEqual([]);
    },
  );

  it.each(ALLOWLISTED)(
    'HEAD %s is a 405 too (it would fetch a whole file for nothing)',
    async (path) => {
      const response = await gw.request(path, { method: 'HEAD' });
      expect(response.status).toBe(405);
      expect(gw.upstream.calls).toEqual([]);
    },
  );

  it('needs the session and the CSRF header before anything else', async () => {
    const noCsrf = await gw.app.request(`https://ers-client.example.nhs.uk/api/referrals/${UBRN}`);
    expect(noCsrf.status).toBe(403);
    const noSession = await gw.app.request(
      `https://ers-client.example.nhs.uk/api/referrals/${UBRN}`,
      { headers: { 'X-CSRF': '1' } },
    );
    expect(noSession.status).toBe(401);
    expect(gw.upstream.calls).toEqual([]);
  });
});

describe('input is validated before any upstream call', () => {
  it.each([
    `/api/referrals/12345`,
    `/api/referrals/1234567890123`,
    `/api/referrals/00000007000a`,
    `/api/referrals/00000007000%2F`,
    `/api/referrals/12345/versions/5`,
    `/api/referrals/abc/attachments/${ATTACHMENT}`,
    `/api/referrals/0000000700%2E0/clinical-information`,
  ])('%s: invalid_ubrn', async (path) => {
    const response = await gw.request(path);
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ code: 'invalid_ubrn' });
    expect(gw.upstream.calls).toEqual([]);
  });

  it.each(['abc', '1234567890', '-1', '1.5', '%20', '5%2F..'])(
    'version %j: invalid_version',
    async (version) => {
      const response = await gw.request(`/api/referrals/${UBRN}/versions/${version}`);
      expect(response.status).toBe(400);
      expect(await problemOf(response)).toMatchObject({ code: 'invalid_version' });
      expect(gw.upstream.calls).toEqual([]);
    },
  );

  it.each(['..', '%2E%2E'])(
    'attachment id %j is a dot segment: the URL never names the route',
    async (id) => {
      // WHATWG URL parsing removes `..` and `%2E%2E` segments before routing.
      const response = await gw.request(`/api/referrals/${UBRN}/attachments/${id}`);
      expect(response.status).toBe(404);
      expect(gw.upstream.calls).toEqual([]);
    },
  );

  it.each(['a.b', '...', '..%2F..%2Fpasswd', 'a%2Fb', 'x'.repeat(65), 'ab%00c', 'a%20b'])(
    'attachment id %j: invalid_attachment_id',
    async (id) => {
      const response = await gw.request(`/api/referrals/${UBRN}/attachments/${id}`);
      expect(response.status).toBe(400);
      expect(await problemOf(response)).toMatchObject({ code: 'invalid_attachment_id' });
      expect(gw.upstream.calls).toEqual([]);
    },
  );

  it.each(['referrals_for_review', 'ALL', 'REFERRALS_FOR_REVIEW%20', 'ADVICE_AND_GUIDANCE'])(
    'list type %j: invalid_list_type',
    async (listType) => {
      const response = await gw.request(`/api/worklists/${listType}`);
      expect(response.status).toBe(400);
      expect(await problemOf(response)).toMatchObject({ code: 'invalid_list_type' });
      expect(gw.upstream.calls).toEqual([]);
    },
  );

  it.each(['specialty', 'ETHNICITY', '..%2FPatient', 'SPECIALTY%3Fx%3D1'])(
    'code system %j: invalid_code_system',
    async (codeSystem) => {
      const response = await gw.request(`/api/reference-data/${codeSystem}`);
      expect(response.status).toBe(400);
      expect(await problemOf(response)).toMatchObject({ code: 'invalid_code_system' });
      expect(gw.upstream.calls).toEqual([]);
    },
  );
});

describe('the acting context is checked before any upstream call', () => {
  async function as(
    businessFunction: BusinessFunction,
    onBehalfOf?: { userId: string; name: string },
  ) {
    return gw.signIn({ businessFunction, ...(onBehalfOf ? { onBehalfOf } : {}) });
  }

  it.each<[BusinessFunction, string]>([
    ['SERVICE_PROVIDER_ADMIN', `/api/referrals/${UBRN}/attachments/${ATTACHMENT}`],
    ['SERVICE_PROVIDER_ADMIN', `/api/referrals/${UBRN}/clinical-information`],
    ['REFERRING_ADMIN', `/api/referrals/${UBRN}/attachments/${ATTACHMENT}`],
    ['REFERRING_ADMIN', `/api/referrals/${UBRN}/clinical-information`],
    ['COMMISSIONER', `/api/referrals/${UBRN}/clinical-information`],
    ['INFORMATION_ANALYST', `/api/referrals/${UBRN}/attachments/${ATTACHMENT}`],
  ])('%s gets no clinical content (%s): 403 no_access', async (businessFunction, path) => {
    const sessionId = await as(businessFunction);
    const response = await gw.request(path, { sessionId });
    expect(response.status).toBe(403);
    expect(await problemOf(response)).toMatchObject({ code: 'no_access' });
    expect(gw.upstream.calls).toEqual([]);
  });

  it.each<[BusinessFunction, string]>([
    ['SERVICE_PROVIDER_CLINICIAN', 'AWAITING_BOOKING'],
    ['SERVICE_PROVIDER_ADMIN', 'LETTERS_OUTSTANDING'],
    ['REFERRING_CLINICIAN', 'REFERRALS_FOR_REVIEW'],
    ['REFERRING_ADMIN', 'APPOINTMENT_SLOT_ISSUES'],
    ['COMMISSIONER', 'REFERRALS_FOR_REVIEW'],
  ])('%s may not ask for the %s worklist', async (businessFunction, listType) => {
    const sessionId = await as(businessFunction);
    const response = await gw.request(`/api/worklists/${listType}`, { sessionId });
    expect(response.status).toBe(403);
    expect(await problemOf(response)).toMatchObject({ code: 'no_access' });
    expect(gw.upstream.calls).toEqual([]);
  });

  it.each<BusinessFunction>([
    'SERVICE_PROVIDER_CLINICIAN',
    'REFERRING_CLINICIAN',
    'SERVICE_PROVIDER_ADMIN',
  ])('%s is not offered on-behalf-of users', async (businessFunction) => {
    const sessionId = await as(businessFunction);
    const response = await gw.request('/api/on-behalf-of', { sessionId });
    expect(response.status).toBe(403);
    expect(gw.upstream.calls).toEqual([]);
  });

  it('reference data only for the clinical functions A004 names', async () => {
    const sessionId = await as('SERVICE_PROVIDER_ADMIN');
    const response = await gw.request('/api/reference-data/PRIORITY', { sessionId });
    expect(response.status).toBe(403);
    expect(gw.upstream.calls).toEqual([]);
  });

  it.each([
    `/api/referrals/${UBRN}`,
    `/api/referrals/${UBRN}/attachments/${ATTACHMENT}`,
    `/api/referrals/${UBRN}/clinical-information`,
    '/api/worklists/REFERRALS_FOR_REVIEW',
    // The spec requires the on-behalf-of header wherever the SPCA function is used, A004 too.
    '/api/reference-data/PRIORITY',
  ])('an SPCA who has not chosen a clinician to act for is stopped at %s', async (path) => {
    const sessionId = await as('SERVICE_PROVIDER_CLINICIAN_ADMIN');
    const response = await gw.request(path, { sessionId });
    expect(response.status).toBe(403);
    expect(await problemOf(response)).toMatchObject({ code: 'on_behalf_of_required' });
    expect(gw.upstream.calls).toEqual([]);
  });

  it('never sends a session context e-RS A030 does not list: the user is asked to choose', async () => {
    // A context kept from before (or made up), while A030 lists only another organisation's pair.
    const sessionId = await gw.signIn({
      odsCode: 'R69',
      ersRoles: [{ odsCode: 'RCD', businessFunctions: ['SERVICE_PROVIDER_CLINICIAN'] }],
    });
    const response = await gw.request(`/api/referrals/${UBRN}`, { sessionId });
    expect(response.status).toBe(403);
    expect(await problemOf(response)).toMatchObject({ code: 'acting_context_required' });
    expect(gw.upstream.calls).toEqual([]);
  });
});
