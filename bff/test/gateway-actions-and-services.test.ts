/**
 * e-RS A029 (available actions) and A033 (a healthcare service) through the gateway: the request
 * each operation's specification describes, the business functions its pre-requisites name
 * (refused before e-RS is asked), what its own failures mean, and that neither is cached.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BusinessFunction } from '@ers/shared/bff-contract';
import { problemOf, specExample, startGateway, type Gateway } from './support/harness';

const UBRN = '000000070001';
const A029 = `/referrals/FHIR/STU3/Task?focus=ReferralRequest/${UBRN}/_history/6&intent=proposal&status=ready`;
const ACTIONS = `/api/referrals/${UBRN}/versions/6/actions`;
const withReviewOutcome = () => specExample('/STU3/Task', 'get', 'with-record-review-outcome');
const A033 = '/referrals/FHIR/R4/HealthcareService/2';
const service = () => specExample('/R4/HealthcareService/{id}', 'get', 'single-service');
const outcome = (status: number, code: string) => ({
  status,
  body: {
    resourceType: 'OperationOutcome',
    meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/eRS-OperationOutcome-1'] },
    issue: [
      {
        severity: 'error',
        code: 'invalid',
        details: {
          coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-APIErrorCode-1', code }],
        },
      },
    ],
  },
});

let gw: Gateway;
afterEach(() => gw?.close());

describe('A029 available actions', () => {
  it('asks e-RS for the version shown, with the parameters A029 specifies, and says each action in plain words', async () => {
    gw = await startGateway({ session: { odsCode: 'R69' } });
    gw.upstream.on('GET', A029, { status: 200, body: withReviewOutcome() });
    const response = await gw.request(ACTIONS);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ubrn: UBRN,
      version: '6',
      actions: [
        { code: 'RECORD_REVIEW_OUTCOME', label: 'Record the outcome of reviewing the referral' },
      ],
    });
    expect(gw.upstream.calls.map((call) => call.path)).toEqual([A029]);
    expect(gw.upstream.calls[0]?.headers).toMatchObject({
      'nhsd-end-user-organisation-ods': 'R69',
      'nhsd-ers-business-function': 'SERVICE_PROVIDER_CLINICIAN',
    });
    expect(gw.audits).toMatchObject([
      { operation: 'A029', interaction: 'search-type', ubrn: UBRN, version: '6', outcome: 'ok' },
    ]);
  });

  it('an empty bundle is no actions, not an error', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A029, {
      status: 200,
      body: specExample('/STU3/Task', 'get', 'empty'),
    });
    const response = await gw.request(ACTIONS);
    expect(await response.json()).toMatchObject({ actions: [] });
  });

  it('is never cached: each view asks e-RS (A029: "You SHOULD NOT cache")', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A029, { status: 200, body: withReviewOutcome() });
    await gw.request(ACTIONS);
    await gw.request(ACTIONS);
    expect(gw.upstream.calls).toHaveLength(2);
  });

  it('an SPC admin asks on behalf of the clinician, and must have chosen one', async () => {
    gw = await startGateway({
      session: {
        businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
        onBehalfOf: { userId: '021600556514', name: 'Dr Jones' },
      },
    });
    gw.upstream.on('GET', A029, { status: 200, body: withReviewOutcome() });
    expect((await gw.request(ACTIONS)).status).toBe(200);
    expect(gw.upstream.calls[0]?.headers['nhsd-ers-on-behalf-of-user-id']).toBe('021600556514');

    const alone = await gw.signIn({ businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN' });
    const refused = await gw.request(ACTIONS, { sessionId: alone });
    expect(await problemOf(refused)).toMatchObject({ code: 'on_behalf_of_required' });
    expect(gw.upstream.calls).toHaveLength(1);
  });

  it.each<BusinessFunction>(['SERVICE_PROVIDER_ADMIN', 'REFERRING_ADMIN', 'COMMISSIONER'])(
    '%s is refused before e-RS is asked (A029 names the four clinical functions)',
    async (businessFunction) => {
      gw = await startGateway({ session: { businessFunction } });
      const response = await gw.request(ACTIONS);
      expect(response.status).toBe(403);
      expect(await problemOf(response)).toMatchObject({ code: 'no_access' });
      expect(gw.upstream.calls).toEqual([]);
    },
  );

  it.each([
    ['HISTORY_NOT_SUPPORTED', 'version_not_current'],
    ['REFERENCE_NOT_FOUND', 'referral_not_found'],
  ])('e-RS 400 %s: 404 %s', async (ersCode, code) => {
    gw = await startGateway();
    gw.upstream.on('GET', A029, outcome(400, ersCode));
    const response = await gw.request(ACTIONS);
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ code, ersCode });
  });

  it('a task about another referral or version is not shown as this one’s', async () => {
    gw = await startGateway();
    const other = withReviewOutcome() as { entry: Array<{ resource: { focus: object } }> };
    other.entry[0]!.resource.focus = { reference: 'ReferralRequest/000000070002/_history/6' };
    gw.upstream.on('GET', A029, { status: 200, body: other });
    const response = await gw.request(ACTIONS);
    expect(response.status).toBe(502);
    expect(await problemOf(response)).toMatchObject({ code: 'upstream_invalid_response' });
  });

  it.each(['abc', '1.5', '1234567890'])('version %j: 400 before e-RS is asked', async (version) => {
    gw = await startGateway();
    const response = await gw.request(`/api/referrals/${UBRN}/versions/${version}/actions`);
    expect(response.status).toBe(400);
    expect(gw.upstream.calls).toEqual([]);
  });
});

describe('A033 a healthcare service', () => {
  it.each<BusinessFunction>(['REFERRING_CLINICIAN', 'REFERRING_CLINICIAN_ADMIN'])(
    '%s: exactly the headers A033 lists, and the service as a view model',
    async (businessFunction) => {
      gw = await startGateway({ session: { businessFunction, odsCode: 'D82106' } });
      gw.upstream.on('GET', A033, { status: 200, body: service() });
      const response = await gw.request('/api/healthcare-services/2');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        id: '2',
        version: '1',
        name: 'Direct SVC 1',
        locations: ['R6901'],
        appointmentTypes: [{ code: 'DAY_CASE', label: 'Day Case' }],
        requestFlow: { code: 'BOOKABLE', label: 'Appointments are booked' },
        bookable: { code: 'DIRECTLY_BOOKABLE', label: 'Directly Bookable' },
        hoursOfOperation: '9-5 Mon-Fri',
        instructions: 'Instructions',
        contacts: [
          { purpose: 'Patient', system: 'phone', value: '01234567890' },
          { purpose: 'Healthcare Professionals', system: 'email', value: 'service@email.com' },
        ],
      });
      expect(gw.upstream.calls[0]?.headers).toEqual({
        accept: 'application/fhir+json',
        authorization: 'Bearer apim-token-1',
        'nhsd-end-user-organisation-ods': 'D82106',
        'nhsd-ers-business-function': businessFunction,
        'x-correlation-id': response.headers.get('x-correlation-id'),
      });
      expect(gw.audits).toMatchObject([{ operation: 'A033', interaction: 'read', serviceId: '2' }]);
    },
  );

  it('reads `type` as e-RS sends it today: one object, not an array (A033 "Known Issues")', async () => {
    gw = await startGateway({ session: { businessFunction: 'REFERRING_CLINICIAN' } });
    const singular = service() as { type: unknown[] };
    gw.upstream.on('GET', A033, { status: 200, body: { ...singular, type: singular.type[0] } });
    const response = await gw.request('/api/healthcare-services/2');
    expect(await response.json()).toMatchObject({
      appointmentTypes: [{ code: 'DAY_CASE', label: 'Day Case' }],
    });
  });

  it('a service with only the minimal attributes', async () => {
    gw = await startGateway({ session: { businessFunction: 'REFERRING_CLINICIAN' } });
    gw.upstream.on('GET', '/referrals/FHIR/R4/HealthcareService/1', {
      status: 200,
      body: specExample('/R4/HealthcareService/{id}', 'get', 'single-service-minimal'),
    });
    const response = await gw.request('/api/healthcare-services/1');
    expect(await response.json()).toMatchObject({
      name: 'Direct Service With Minimal',
      appointmentTypes: [],
      contacts: [],
      hoursOfOperation: null,
      requestFlow: null,
    });
  });

  it('is not cached without A037 to check it: each view asks e-RS', async () => {
    gw = await startGateway({ session: { businessFunction: 'REFERRING_CLINICIAN' } });
    gw.upstream.on('GET', A033, { status: 200, body: service() });
    await gw.request('/api/healthcare-services/2');
    await gw.request('/api/healthcare-services/2');
    expect(gw.upstream.calls).toHaveLength(2);
  });

  it.each<BusinessFunction>([
    'SERVICE_PROVIDER_CLINICIAN',
    'SERVICE_PROVIDER_ADMIN',
    'REFERRING_ADMIN',
    'COMMISSIONER',
  ])('%s is refused before e-RS is asked', async (businessFunction) => {
    gw = await startGateway({ session: { businessFunction } });
    const response = await gw.request('/api/healthcare-services/2');
    expect(response.status).toBe(403);
    expect(await problemOf(response)).toMatchObject({ code: 'no_access' });
    expect(gw.upstream.calls).toEqual([]);
  });

  it('an SPC admin too, acting for a clinician or not', async () => {
    gw = await startGateway({
      session: {
        businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
        onBehalfOf: { userId: '021600556514', name: 'Dr Jones' },
      },
    });
    expect((await gw.request('/api/healthcare-services/2')).status).toBe(403);
    expect(gw.upstream.calls).toEqual([]);
  });

  it('e-RS 404 REC_NOT_FOUND: service_not_found', async () => {
    gw = await startGateway({ session: { businessFunction: 'REFERRING_CLINICIAN' } });
    gw.upstream.on('GET', '/referrals/FHIR/R4/HealthcareService/99', { status: 404, body: {} });
    const response = await gw.request('/api/healthcare-services/99');
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ code: 'service_not_found' });
  });

  it('a service answered for another id is not shown', async () => {
    gw = await startGateway({ session: { businessFunction: 'REFERRING_CLINICIAN' } });
    gw.upstream.on('GET', '/referrals/FHIR/R4/HealthcareService/3', {
      status: 200,
      body: service(),
    });
    expect((await gw.request('/api/healthcare-services/3')).status).toBe(502);
  });

  it.each(['..%2FPatient', 'a%20b', 'x'.repeat(65), '2%3Fx%3D1'])(
    'service id %j: invalid_service_id, e-RS not asked',
    async (id) => {
      gw = await startGateway({ session: { businessFunction: 'REFERRING_CLINICIAN' } });
      const response = await gw.request(`/api/healthcare-services/${id}`);
      expect(response.status).toBe(400);
      expect(await problemOf(response)).toMatchObject({ code: 'invalid_service_id' });
      expect(gw.upstream.calls).toEqual([]);
    },
  );
});
