/**
 * Each allowlisted retrieval against e-RS answering as its specification's examples do: view
 * models for JSON, files streamed with safe headers, A042's redirect followed server-side
 * without credentials, reference data cached across users, garbage refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FILE_CSP } from '../src/ers/file-response';
import {
  INT_ORIGIN,
  NHS_NUMBER,
  OBJECT_STORE_ADDRESS,
  OBJECT_STORE_ORIGIN,
  createFakeUpstream,
  problemOf,
  specExample,
  startGateway,
  type Gateway,
} from './support/harness';

const UBRN = '000000070001';
const A005 = `/referrals/FHIR/STU3/ReferralRequest/${UBRN}`;
const BINARY_ID = '719f6045-e791-4029-8e0f-1201c02b0a55';
const A042 = `/referrals/FHIR/R4/Binary/${BINARY_ID}`;
const SIGNED = `${OBJECT_STORE_ORIGIN}/attachments/${BINARY_ID}?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=deadbeefcafe`;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

type Json = Record<string, unknown> & { contained: Record<string, unknown>[] };
const booked = () => specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs') as Json;

let gw: Gateway;
afterEach(() => gw?.close());

/** A referral whose one attachment has this title, type and availability. */
function referralWith(attachment: { title?: string; contentType?: string; status?: string }) {
  const body = booked();
  const document = body.contained.find((each) => each.resourceType === 'DocumentReference') as {
    content: {
      attachment: Record<string, unknown> & { extension: { valueCoding?: { code: string } }[] };
    }[];
  };
  const target = document.content[0]!.attachment;
  if (attachment.title !== undefined) target.title = attachment.title;
  if (attachment.contentType !== undefined) target.contentType = attachment.contentType;
  if (attachment.status !== undefined) target.extension[0]!.valueCoding!.code = attachment.status;
  return body;
}

function serveAttachment(
  options: { referral?: unknown; type?: string; body?: Buffer | string; location?: string } = {},
) {
  gw.upstream.on('GET', A005, { status: 200, body: options.referral ?? booked() });
  gw.upstream.on('GET', A042, {
    status: 307,
    headers: { location: options.location ?? SIGNED, 'x-request-id': 'ers-a042-1' },
  });
  gw.upstream.on('GET', SIGNED, {
    status: 200,
    body: options.body ?? PDF,
    headers: { 'content-type': options.type ?? 'application/pdf' },
  });
}

const objectStoreCalls = () =>
  gw.upstream.calls.filter((call) => call.origin === OBJECT_STORE_ORIGIN);

describe('A005 referral and its version', () => {
  it('answers the referral summary view model, attachments and appointment included', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A005, { status: 200, body: booked() });
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ubrn: UBRN,
      version: '5',
      nhsNumber: NHS_NUMBER,
      status: { code: 'BOOKED', label: 'Booked' },
      pathwayStart: '2024-05-08T09:54:23.167Z',
      appointment: { start: '2021-06-13T12:30:00.000Z' },
      attachments: [
        { id: BINARY_ID, title: 'referralletter.pdf', availability: { code: 'AVAILABLE' } },
      ],
    });
  });

  it('asks for _history/{version}', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', `${A005}/_history/5`, { status: 200, body: booked() });
    const response = await gw.request(`/api/referrals/${UBRN}/versions/5`);
    expect(response.status).toBe(200);
    expect(gw.upstream.calls.map((call) => call.path)).toEqual([`${A005}/_history/5`]);
  });

  it('tells an old version apart from a missing referral (HISTORY_NOT_SUPPORTED)', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', `${A005}/_history/4`, {
      status: 404,
      body: {
        resourceType: 'OperationOutcome',
        issue: [{ code: 'not-found', details: { coding: [{ code: 'HISTORY_NOT_SUPPORTED' }] } }],
      },
    });
    const problem = await problemOf(await gw.request(`/api/referrals/${UBRN}/versions/4`));
    expect(problem).toMatchObject({
      code: 'version_not_current',
      ersCode: 'HISTORY_NOT_SUPPORTED',
    });
  });

  it.each([
    ['no relationship (422 NO_RELATIONSHIP)', 422, 'NO_RELATIONSHIP', 403, 'no_relationship'],
    ['a patient error (422 PATIENT_ERROR)', 422, 'PATIENT_ERROR', 422, 'referral_unprocessable'],
    ['no access at this ODS (403)', 403, 'ACCESS_DENIED', 403, 'no_access'],
  ])(
    'passes %s on as a typed problem with the e-RS code',
    async (_name, status, code, ours, problemCode) => {
      gw = await startGateway();
      gw.upstream.on('GET', A005, {
        status,
        body: {
          resourceType: 'OperationOutcome',
          issue: [{ code: 'invalid', details: { coding: [{ code }] } }],
        },
      });
      const response = await gw.request(`/api/referrals/${UBRN}`);
      expect(response.status).toBe(ours);
      expect(await problemOf(response)).toMatchObject({ code: problemCode, ersCode: code });
    },
  );
});

describe('upstream garbage', () => {
  it.each([
    ['not JSON', 'this is not json <html>'],
    ['another resource', { resourceType: 'Patient', id: UBRN }],
    ['a referral without a state', { ...booked(), extension: [] }],
    ['a different referral', { ...booked(), id: '000000070002' }],
    ['an empty body', ''],
  ])('%s: 502 upstream_invalid_response', async (_name, body) => {
    gw = await startGateway();
    gw.upstream.on('GET', A005, { status: 200, body, headers: { 'x-request-id': 'ers-bad' } });
    const response = await gw.request(`/api/referrals/${UBRN}`);
    expect(response.status).toBe(502);
    expect(await problemOf(response)).toMatchObject({
      code: 'upstream_invalid_response',
      ersRequestId: 'ers-bad',
    });
  });

  it('an unexpected status becomes a problem, not a view', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A005, { status: 418, body: 'teapot' });
    expect(await problemOf(await gw.request(`/api/referrals/${UBRN}`))).toMatchObject({
      code: 'upstream_unavailable',
    });
  });
});

describe('A042 attachments', () => {
  it('follows the 307 at once, without any credential, and streams the file', async () => {
    gw = await startGateway();
    serveAttachment();
    const response = await gw.request(`/api/referrals/${UBRN}/attachments/${BINARY_ID}`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PDF);

    const [a005, a042, download] = gw.upstream.calls;
    expect(a005?.path).toBe(A005);
    expect(a042?.path).toBe(A042);
    expect(a042?.headers.authorization).toBe('Bearer apim-token-1');
    expect(a042?.headers.accept).toMatch(/^application\/pdf\b/);
    expect(download?.origin).toBe(OBJECT_STORE_ORIGIN);
    expect(download?.method).toBe('GET');
    expect(Object.keys(download!.headers)).toEqual(['accept']);
    expect(gw.upstream.calls).toHaveLength(3);
    expect(response.headers.get('x-ers-request-id')).toBe('ers-a042-1');
  });

  it('never lets the browser or the logs see the signed URL', async () => {
    gw = await startGateway();
    serveAttachment();
    const response = await gw.request(`/api/referrals/${UBRN}/attachments/${BINARY_ID}`);
    const visible = `${[...response.headers].join('\n')}\n${await response.text()}`;
    for (const secret of ['X-Amz-Signature', 'deadbeefcafe', 'AKIAEXAMPLE', 'amazonaws']) {
      expect(visible).not.toContain(secret);
      expect(gw.rawLog.join('\n')).not.toContain(secret);
    }
    expect(response.headers.get('location')).toBeNull();
  });

  it('serves a PDF inline with the file headers: no-store, nosniff, sandboxing CSP', async () => {
    gw = await startGateway();
    serveAttachment();
    const response = await gw.request(`/api/referrals/${UBRN}/attachments/${BINARY_ID}`);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `inline; filename="referralletter.pdf"; filename*=UTF-8''referralletter.pdf`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe(FILE_CSP);
    expect(FILE_CSP).toMatch(/(^|; )sandbox(;|$)/);
    expect(FILE_CSP).toContain("default-src 'none'");
  });

  it.each([
    ['image/png', 'scan.png', 'image/png', 'attachment'],
    ['IMAGE/JPEG; name=x', 'photo.jpg', 'image/jpeg', 'attachment'],
    ['text/plain; charset=UTF-8', 'notes.txt', 'text/plain; charset=utf-8', 'attachment'],
    [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'letter.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'attachment',
    ],
    ['text/html', 'page.html', 'application/octet-stream', 'attachment'],
    ['image/svg+xml', 'drawing.svg', 'application/octet-stream', 'attachment'],
    ['application/javascript', 'x.js', 'application/octet-stream', 'attachment'],
    [undefined, 'unknown.bin', 'application/octet-stream', 'attachment'],
  ])('upstream %s is served as %s (%s)', async (upstreamType, title, served, disposition) => {
    gw = await startGateway();
    serveAttachment({
      referral: referralWith({ title }),
      ...(upstreamType ? { type: upstreamType } : { type: '' }),
      body: 'file body',
    });
    const response = await gw.request(`/api/referrals/${UBRN}/attachments/${BINARY_ID}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(served);
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^${disposition}; `));
    expect(response.headers.get('content-security-policy')).toBe(FILE_CSP);
  });

  it('sanitises the file name (RFC 6266 filename and filename*)', async () => {
    gw = await startGateway();
    serveAttachment({
      referral: referralWith({ title: '../../etc/Lettre "référence"\r\n<x>.pdf' }),
    });
    const response = await gw.request(`/api/referrals/${UBRN}/attachments/${BINARY_ID}`);
    expect(response.headers.get('content-disposition')).toBe(
      `inline; filename="Lettre _r_f_rence____x_.pdf"; filename*=UTF-8''Lettre%20_r%C3%A9f%C3%A9rence____x_.pdf`,
    );
  });

  it('refuses an id the referral does not list, before asking A042', async () => {
    gw = await startGateway();
    serveAttachment();
    const response = await gw.request(
      `/api/referrals/${UBRN}/attachments/00000000-0000-0000-0000-000000000000`,
    );
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ code: 'attachment_not_found' });
    expect(gw.upstream.calls.map((call) => call.path)).toEqual([A005]);
  });

  it.each(['PENDING', 'THREATS_FOUND', 'VALIDATION_FAILED'])(
    'a %s attachment is explained in plain words, without asking A042',
    async (status) => {
      gw = await startGateway();
      serveAttachment({ referral: referralWith({ status }) });
      const response = await gw.request(`/api/referrals/${UBRN}/attachments/${BINARY_ID}`);
      expect(response.status).toBe(422);
      const problem = await problemOf(response);
      expect(problem).toMatchObject({ code: 'attachment_unavailable', ersCode: status });
      expect(String(problem.detail)).toMatch(
        status === 'PENDING' ? /5 minutes/ : /Contact the organisation/,
      );
      expect(gw.upstream.calls.map((call) => call.path)).toEqual([A005]);
    },
  );

  it('passes on A042 refusing a file that became unavailable (422 THREATS_FOUND)', async () => {
    gw = await startGateway();
    serveAttachment();
    gw.upstream.on('GET', A042, {
      status: 422,
      body: {
        resourceType: 'OperationOutcome',
        issue: [{ code: 'invalid', details: { coding: [{ code: 'THREATS_FOUND' }] } }],
      },
    });
    const problem = await problemOf(
      await gw.request(`/api/referrals/${UBRN}/attachments/${BINARY_ID}`),
    );
    expect(problem).toMatchObject({ code: 'attachment_unavailable', ersCode: 'THREATS_FOUND' });
    expect(objectStoreCalls()).toEqual([]);
  });

  it('checks the referral once, then remembers its attachments briefly', async () => {
    gw = await startGateway();
    serveAttachment();
    for (let index = 0; index < 3; index += 1) {
      const response = await gw.request(`/api/referrals/${UBRN}/attachments/${BINARY_ID}`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    expect(gw.upstream.calls.filter((call) => call.path === A005)).toHaveLength(1);
    // A fresh redirect every time: the signed URL is never reused.
    expect(gw.upstream.calls.filter((call) => call.path === A042)).toHaveLength(3);
  });

  it.each([
    ['plain http', 'http://ers-attachments.s3.eu-west-2.amazonaws.com/attachments/x?sig=1'],
    ['a relative location', '/attachments/x?sig=1'],
    ['credentials in the URL', 'https://user:pass@ers-attachments.s3.eu-west-2.amazonaws.com/x'],
    ['another scheme', 'file:///etc/passwd'],
  ])('does not follow a redirect to %s', async (_name, location) => {
    gw = await startGateway();
    serveAttachment({ location });
    const response = await gw.request(`/api/referrals/${UBRN}/attachments/${BINARY_ID}`);
    expect(response.status).toBe(502);
    expect(await problemOf(response)).toMatchObject({ code: 'upstream_invalid_response' });
    expect(objectStoreCalls()).toEqual([]);
  });

  it('follows http only with the local preset', async () => {
    const local = 'http://ers-attachments.s3.eu-west-2.amazonaws.com';
    gw = await startGateway({
      client: {
        objectStore: {
          hosts: [new URL(local).host],
          allowHttp: true,
          allowLoopback: false,
          resolve: async () => [OBJECT_STORE_ADDRESS],
        },
      },
      upstream: createFakeUpstream([INT_ORIGIN, local]),
    });
    gw.upstream.on('GET', A005, { status: 200, body: booked() });
    gw.upstream.on('GET', A042, {
      status: 307,
      headers: { location: `${local}/attachments/x?sig=1` },
    });
    gw.upstream.on('GET', `${local}/attachments/x?sig=1`, {
      status: 200,
      body: PDF,
      headers: { 'content-type': 'application/pdf' },
    });
    const response = await gw.request(`/api/referrals/${UBRN}/attachments/${BINARY_ID}`);
    expect(response.status).toBe(200);
  });

  it('a refusal from the object store is a 502, its details kept back', async () => {
    gw = await startGateway();
    serveAttachment();
    gw.upstream.on('GET', SIGNED, {
      status: 403,
      body: '<Error><Code>AccessDenied</Code><Key>secret-key-name</Key></Error>',
      headers: { 'content-type': 'application/xml', 'x-amz-request-id': 'AMZ1' },
    });
    const response = await gw.request(`/api/referrals/${UBRN}/attachments/${BINARY_ID}`);
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).not.toContain('secret-key-name');
    expect(response.headers.get('x-amz-request-id')).toBeNull();
    expect(objectStoreCalls()).toHaveLength(1);
  });
});

describe('A007 clinical information', () => {
  const A007 = `/referrals/FHIR/STU3/ReferralRequest/${UBRN}/$ers.generateCRI`;

  it('POSTs with no body and streams the PDF inline under our own name', async () => {
    gw = await startGateway();
    gw.upstream.on('POST', A007, {
      status: 200,
      body: PDF,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': 'attachment; filename="000000070001_Summary_20210603121353.pdf"',
      },
    });
    const response = await gw.request(`/api/referrals/${UBRN}/clinical-information`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PDF);
    expect(response.headers.get('content-disposition')).toBe(
      `inline; filename="clinical-information-${UBRN}.pdf"; filename*=UTF-8''clinical-information-${UBRN}.pdf`,
    );
    expect(response.headers.get('content-security-policy')).toBe(FILE_CSP);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(gw.upstream.calls[0]?.body ?? '').toBe('');
  });

  it('refuses anything but a PDF', async () => {
    gw = await startGateway();
    gw.upstream.on('POST', A007, {
      status: 200,
      body: '<html><script>alert(1)</script></html>',
      headers: { 'content-type': 'text/html' },
    });
    const response = await gw.request(`/api/referrals/${UBRN}/clinical-information`);
    expect(response.status).toBe(502);
    expect(await problemOf(response)).toMatchObject({ code: 'upstream_invalid_response' });
  });
});

describe('A008 worklists', () => {
  const A008 = '/referrals/FHIR/STU3/ReferralRequest/$ers.fetchworklist';

  it.each([
    ['REFERRALS_FOR_REVIEW', 'referrals-for-review', 'SERVICE_PROVIDER_CLINICIAN'],
    ['APPOINTMENT_SLOT_ISSUES', 'appointment-slot-issues', 'SERVICE_PROVIDER_ADMIN'],
    ['AWAITING_BOOKING', 'awaiting-booking', 'REFERRING_CLINICIAN'],
    ['LETTERS_OUTSTANDING', 'letters-outstanding', 'REFERRING_ADMIN'],
    ['REJECTED_TRIAGE_RESPONSE', 'rejected-triage-responses', 'REFERRING_CLINICIAN_ADMIN'],
    [
      'ASSESSMENT_RETURNED_CANCELLED_DNA',
      'assessment-returned-cancelled-dna',
      'REFERRING_CLINICIAN',
    ],
  ] as const)(
    '%s: a Parameters body with the list type, answered as a worklist',
    async (listType, example, businessFunction) => {
      gw = await startGateway({ session: { businessFunction } });
      gw.upstream.on('POST', A008, {
        status: 200,
        body: specExample('/STU3/ReferralRequest/$ers.fetchworklist', 'post', example),
      });
      const response = await gw.request(`/api/worklists/${listType}`);
      expect(response.status).toBe(200);
      const worklist = (await response.json()) as {
        listType: string;
        items: unknown[];
        counts: { total: number };
      };
      expect(worklist.listType).toBe(listType);
      expect(worklist.counts.total).toBe(worklist.items.length);
      expect(worklist.items.length).toBeGreaterThan(0);
      expect(JSON.parse(gw.upstream.calls[0]!.body!)).toEqual({
        resourceType: 'Parameters',
        meta: {
          profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/eRS-FetchWorklist-Parameters-1'],
        },
        parameter: [
          {
            name: 'listType',
            valueCodeableConcept: {
              coding: [
                {
                  system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReferralListSelector-1',
                  code: listType,
                },
              ],
            },
          },
        ],
      });
    },
  );

  it('gives worklist states in the A005 spelling', async () => {
    gw = await startGateway({ session: { businessFunction: 'REFERRING_CLINICIAN' } });
    gw.upstream.on('POST', A008, {
      status: 200,
      body: specExample('/STU3/ReferralRequest/$ers.fetchworklist', 'post', 'awaiting-booking'),
    });
    const worklist = (await (await gw.request('/api/worklists/AWAITING_BOOKING')).json()) as {
      items: { status: { code: string } | null }[];
    };
    const codes = worklist.items.map((item) => item.status?.code);
    expect(codes).toContain('APPT_CANCELLED_BY_PATIENT');
    expect(codes).not.toContain('APP_CANCELLED_BY_PATIENT');
  });

  const outcome422 = (code: string) => ({
    status: 422,
    headers: { 'x-request-id': 'ers-a008-422' },
    body: {
      meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/eRS-OperationOutcome-1'] },
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'value',
          details: {
            coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-APIErrorCode-1', code }],
          },
          diagnostics: 'for the logs only',
        },
      ],
    },
  });

  it.each([
    ['REFERENCE_NOT_FOUND', '?service=99999', /does not know the service, location or clinician/],
    ['NO_RELATIONSHIP', '?service=11002', /no relationship in e-RS with the service/],
    ['INVALID_CODE', '?specialty=NOT_A_SPECIALTY', /cannot filter by these values/],
    ['MISSING_VALUE', '?location=R69', /could not apply these filters/],
    ['UNEXPECTED_FIELD', '', /could not produce this worklist/],
  ])(
    'reads a 422 %s as a worklist problem, never a referral one (filters: "%s")',
    async (code, query, detail) => {
      gw = await startGateway();
      gw.upstream.on('POST', A008, outcome422(code));
      const response = await gw.request(`/api/worklists/REFERRALS_FOR_REVIEW${query}`);
      expect(response.status).toBe(422);
      const problem = await problemOf(response);
      expect(problem).toMatchObject({
        code: 'worklist_unprocessable',
        ersCode: code,
        ersRequestId: 'ers-a008-422',
      });
      expect(problem.detail).toMatch(detail);
      expect(problem.detail).not.toMatch(/referral/);
      if (query) expect(problem.detail).toMatch(/clear them to see the whole list/);
    },
  );
});

describe('A004 reference data', () => {
  const A004 = '/referrals/FHIR/STU3/CodeSystem/PRIORITY';
  const priority = () => specExample('/STU3/CodeSystem/{codeSystemType}', 'get', 'priority');

  it('is fetched once and then served to every user from the cache until its TTL', async () => {
    let now = 1_700_000_000_000;
    gw = await startGateway({ now: () => now });
    gw.upstream.on('GET', A004, { status: 200, body: priority() });
    const other = await gw.signIn({
      sub: '555000000999',
      businessFunction: 'REFERRING_CLINICIAN',
      odsCode: 'D82106',
    });

    const first = await gw.request('/api/reference-data/PRIORITY');
    expect(first.status).toBe(200);
    const body = (await first.json()) as {
      concepts: { code: string; properties: Record<string, number> }[];
    };
    expect(body.concepts.find((concept) => concept.code === 'ROUTINE')?.properties).toMatchObject({
      deferToProviderContactDays: 40,
    });
    const second = await gw.request('/api/reference-data/PRIORITY', { sessionId: other });
    expect(await second.json()).toEqual(body);
    expect(gw.upstream.calls).toHaveLength(1);

    now += 60 * 60_000 + 1;
    const later = await gw.signIn();
    expect((await gw.request('/api/reference-data/PRIORITY', { sessionId: later })).status).toBe(
      200,
    );
    expect(gw.upstream.calls).toHaveLength(2);
  });

  it('never caches a failure', async () => {
    gw = await startGateway();
    gw.upstream.on(
      'GET',
      A004,
      { status: 403, body: { resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] } },
      { status: 200, body: priority() },
    );
    expect((await gw.request('/api/reference-data/PRIORITY')).status).toBe(403);
    expect((await gw.request('/api/reference-data/PRIORITY')).status).toBe(200);
    expect(gw.upstream.calls).toHaveLength(2);
  });

  it('shares one e-RS call between concurrent misses', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A004, { status: 200, body: priority() });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => gw.request('/api/reference-data/PRIORITY')),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(gw.upstream.calls).toHaveLength(1);
  });
});
