/**
 * One audit event per retrieval, on the audit stream (not the application log): who, acting as
 * what, which operation on which referral or file, the outcome and both ids, when. Never the
 * NHS number, never file contents, never the signed object-store URL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { toFhirAuditEvent, type RetrievalAuditEvent } from '../src/audit/audit';
import {
  NHS_NUMBER,
  OBJECT_STORE_ORIGIN,
  specExample,
  startGateway,
  type Gateway,
} from './support/harness';

const UBRN = '000000070001';
const A005 = `/referrals/FHIR/STU3/ReferralRequest/${UBRN}`;
const BINARY_ID = '719f6045-e791-4029-8e0f-1201c02b0a55';
const FILE_BYTES = 'PDF BODY WITH CLINICAL TEXT: chest pain since Tuesday';
const referral = () => specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs');

let gw: Gateway;
afterEach(() => gw?.close());

describe('audit events', () => {
  it('one per retrieval, with who, acting as, what, outcome, ids and time', async () => {
    gw = await startGateway({
      session: {
        sub: '555032006106',
        name: 'Dr Priya Shah',
        odsCode: 'RCD',
        businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
        onBehalfOf: { userId: '021600556514', name: 'Dr Jones' },
      },
    });
    gw.upstream.on('GET', A005, {
      status: 200,
      body: referral(),
      headers: { 'x-request-id': 'ers-tx-1' },
    });
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(200);

    expect(gw.audits).toHaveLength(1);
    const event = gw.audits[0]!;
    expect(event).toEqual({
      level: 30,
      time: expect.any(String),
      service: 'ers-bff',
      stream: 'audit',
      msg: 'e-RS retrieval',
      audit: 'ers_retrieval',
      recorded: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      operation: 'A005',
      interaction: 'read',
      ubrn: UBRN,
      sub: '555032006106',
      userName: 'Dr Priya Shah',
      roleId: '555032008102',
      odsCode: 'RCD',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
      onBehalfOfUserId: '021600556514',
      outcome: 'ok',
      result: 'success',
      correlationId: response.headers.get('x-correlation-id'),
      ersRequestId: 'ers-tx-1',
    });
    // The audit stream is its own: the application log holds no audit events.
    expect(gw.logs.filter((line) => line.audit)).toEqual([]);
  });

  it('records failures with our problem code, and refusals before e-RS as refused', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', '/referrals/FHIR/STU3/ReferralRequest/123456789012', {
      status: 404,
      body: { resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] },
      headers: { 'x-request-id': 'ers-404' },
    });
    await gw.request('/api/referrals/123456789012');
    const admin = await gw.signIn({ businessFunction: 'SERVICE_PROVIDER_ADMIN' });
    await gw.request(`/api/referrals/${UBRN}/clinical-information`, { sessionId: admin });
    await gw.request('/api/worklists/NOT_A_LIST');

    expect(
      gw.audits.map((event) => [event.operation, event.outcome, event.result, event.problemCode]),
    ).toEqual([
      ['A005', 'not_found', 'failure', 'referral_not_found'],
      ['A007', 'refused', 'failure', 'no_access'],
      ['A008', 'refused', 'failure', 'invalid_list_type'],
    ]);
    expect(gw.audits[0]).toMatchObject({ ubrn: '123456789012', ersRequestId: 'ers-404' });
    expect(gw.audits[1]).toMatchObject({ ubrn: UBRN, businessFunction: 'SERVICE_PROVIDER_ADMIN' });
    // Input that failed validation is not repeated into the audit trail.
    expect(gw.audits[2]).not.toHaveProperty('listType');
  });

  it('an attachment: the UBRN and attachment id, not the file, not the signed URL', async () => {
    gw = await startGateway();
    const signed = `${OBJECT_STORE_ORIGIN}/a/${BINARY_ID}?X-Amz-Signature=s3cr3t`;
    gw.upstream.on('GET', A005, { status: 200, body: referral() });
    gw.upstream.on('GET', `/referrals/FHIR/R4/Binary/${BINARY_ID}`, {
      status: 307,
      headers: { location: signed, 'x-request-id': 'ers-a042' },
    });
    gw.upstream.on('GET', signed, {
      status: 200,
      body: FILE_BYTES,
      headers: { 'content-type': 'application/pdf' },
    });
    const response = await gw.request(`/api/referrals/${UBRN}/attachments/${BINARY_ID}`);
    expect(await response.text()).toBe(FILE_BYTES);
    expect(gw.audits).toEqual([
      expect.objectContaining({
        operation: 'A042',
        ubrn: UBRN,
        attachmentId: BINARY_ID,
        outcome: 'ok',
        ersRequestId: 'ers-a042',
      }),
    ]);
    const everything = gw.rawLog.join('\n');
    expect(everything).not.toContain('chest pain');
    expect(everything).not.toContain('s3cr3t');
  });

  it("records each route's operation and FHIR interaction as the operation table gives them", async () => {
    gw = await startGateway();
    await gw.request(`/api/referrals/${UBRN}`);
    await gw.request(`/api/referrals/${UBRN}/versions/3`);
    await gw.request(`/api/referrals/${UBRN}/clinical-information`);
    await gw.request('/api/worklists/REFERRALS_FOR_REVIEW');
    await gw.request('/api/reference-data/SPECIALTY');
    await gw.request('/api/acting-context');
    expect(gw.audits.map((event) => [event.operation, event.interaction])).toEqual([
      ['A005', 'read'],
      ['A005', 'vread'],
      ['A007', 'operation'],
      ['A008', 'operation'],
      ['A004', 'read'],
      ['A030', 'search-type'],
    ]);
  });

  it('marks reference data served from the cache', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', '/referrals/FHIR/STU3/CodeSystem/SPECIALTY', {
      status: 200,
      body: specExample('/STU3/CodeSystem/{codeSystemType}', 'get', 'specialty'),
    });
    await gw.request('/api/reference-data/SPECIALTY');
    await gw.request('/api/reference-data/SPECIALTY');
    expect(gw.audits.map((event) => [event.codeSystem, event.cached ?? false])).toEqual([
      ['SPECIALTY', false],
      ['SPECIALTY', true],
    ]);
  });

  it('never holds the NHS number, in the audit stream or the application log', async () => {
    gw = await startGateway({ session: { businessFunction: 'SERVICE_PROVIDER_CLINICIAN' } });
    gw.upstream.on('GET', A005, { status: 200, body: referral() });
    gw.upstream.on('POST', '/referrals/FHIR/STU3/ReferralRequest/$ers.fetchworklist', {
      status: 200,
      body: specExample('/STU3/ReferralRequest/$ers.fetchworklist', 'post', 'referrals-for-review'),
    });
    gw.upstream.on('GET', '/referrals/FHIR/STU3/ReferralRequest/000000070002', {
      status: 422,
      body: {
        resourceType: 'OperationOutcome',
        issue: [
          {
            code: 'invalid',
            details: { coding: [{ code: 'PATIENT_ERROR' }] },
            diagnostics: `Patient ${NHS_NUMBER} could not be retrieved`,
          },
        ],
      },
    });
    const summary = await gw.request(`/api/referrals/${UBRN}`);
    expect(await summary.text()).toContain(NHS_NUMBER);
    const worklist = await gw.request('/api/worklists/REFERRALS_FOR_REVIEW');
    expect(await worklist.text()).toContain('9462979626');
    await gw.request('/api/referrals/000000070002');

    expect(gw.audits).toHaveLength(3);
    const everything = gw.rawLog.join('\n');
    expect(everything).not.toContain(NHS_NUMBER);
    expect(everything).not.toContain('9462979626');
    expect(everything).not.toContain('1000000001');
  });
});

describe('toFhirAuditEvent', () => {
  const event: RetrievalAuditEvent = {
    audit: 'ers_retrieval',
    recorded: '2026-11-22T10:00:00.000Z',
    operation: 'A005',
    interaction: 'vread',
    ubrn: UBRN,
    version: '5',
    sub: '555032006106',
    userName: 'Dr Priya Shah',
    roleId: '555032008102',
    odsCode: 'RCD',
    businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
    onBehalfOfUserId: '021600556514',
    outcome: 'no_relationship',
    result: 'failure',
    problemCode: 'no_relationship',
    correlationId: 'c0ffee00-0000-4000-8000-000000000000',
    ersRequestId: 'ers-tx-9',
  };

  it('maps onto a FHIR R4 AuditEvent: agent, acting context, entity, outcome, ids', () => {
    const fhir = toFhirAuditEvent(event);
    expect(fhir).toMatchObject({
      resourceType: 'AuditEvent',
      type: { code: 'rest' },
      subtype: [{ code: 'vread' }, { code: 'A005' }],
      action: 'R',
      recorded: '2026-11-22T10:00:00.000Z',
      outcome: '8',
      outcomeDesc: 'no_relationship',
      agent: [
        {
          who: { identifier: { value: '555032006106' } },
          name: 'Dr Priya Shah',
          requestor: true,
          role: [
            { coding: [{ code: '555032008102' }, { code: 'SERVICE_PROVIDER_CLINICIAN_ADMIN' }] },
          ],
          location: { identifier: { value: 'RCD' } },
        },
        { who: { identifier: { value: '021600556514' } }, requestor: false },
      ],
    });
    expect(
      fhir.entity.map((entity) => entity.what.reference ?? entity.what.identifier?.value),
    ).toEqual([
      `ReferralRequest/${UBRN}/_history/5`,
      'c0ffee00-0000-4000-8000-000000000000',
      'ers-tx-9',
    ]);
  });

  it('a refusal before e-RS is a minor failure; success is 0', () => {
    expect(toFhirAuditEvent({ ...event, outcome: 'refused' }).outcome).toBe('4');
    expect(toFhirAuditEvent({ ...event, outcome: 'ok', result: 'success' }).outcome).toBe('0');
  });
});
