/**
 * The e-RS facade behind APIM, over HTTP: each rule on each operation (token, ODS header,
 * assurance, business function, on-behalf-of, legitimate relationship), the request and
 * correlation ids, the 307 to the object store and its expiry, the rate limit and injected faults.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, worklistBody, type ErsCall, type Harness } from './testing/harness';

const PRIYA = '555032006106'; // SPC at RCD
const JAMES = '555073103100'; // RC at D82106, SPC at R69
const ALEX = '656005750109'; // RC at RCD, AAL2
const JO = '555031999105'; // IAL2, RC at D82106
const HELEN = '555031998104'; // SPCA at RCD, acts for Priya
const TOM = '555031998103'; // RA at D82106
const GRACE = '555032006103'; // SPA at RCD
const CHRIS = '555000000003'; // no roles
// CIS2 roles and e-RS registration disagree (personas.ts):
const AMARA = '555041000101'; // CIS2 SPC at RCD; e-RS at R69 and R68 only (the spec's example)
const RAVI = '555041000102'; // CIS2 SPCA at RCD; e-RS SPCA at R69, acts for James
const NADIA = '555041000103'; // CIS2 role with no e-RS activity code; e-RS SPC at RCD
const OWEN = '555041000104'; // CIS2 SPC at RCD; no e-RS registration

const SPC = 'SERVICE_PROVIDER_CLINICIAN';
const SPCA = 'SERVICE_PROVIDER_CLINICIAN_ADMIN';
const RC = 'REFERRING_CLINICIAN';

const AVAILABLE_BINARY = '19eb7224-dff3-4730-a5cb-67eac811f1a5'; // 000000070000's letter
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Op = { id: string; method: 'GET' | 'POST'; path: string; body?: string; r4: boolean };
const OPS: Op[] = [
  {
    id: 'A008',
    method: 'POST',
    path: '/STU3/ReferralRequest/$ers.fetchworklist',
    body: worklistBody('REFERRALS_FOR_REVIEW'),
    r4: false,
  },
  { id: 'A005', method: 'GET', path: '/STU3/ReferralRequest/000000070000', r4: false },
  {
    id: 'A005 versioned',
    method: 'GET',
    path: '/STU3/ReferralRequest/000000070000/_history/5',
    r4: false,
  },
  { id: 'A042', method: 'GET', path: `/R4/Binary/${AVAILABLE_BINARY}`, r4: true },
  {
    id: 'A007',
    method: 'POST',
    path: '/STU3/ReferralRequest/000000070000/$ers.generateCRI',
    r4: false,
  },
  { id: 'A004', method: 'GET', path: '/STU3/CodeSystem/SPECIALTY', r4: false },
];
const A040: Op = {
  id: 'A040',
  method: 'GET',
  path: '/R4/Practitioner?_query=onBehalfOf',
  r4: true,
};
const A030: Op = { id: 'A030', method: 'GET', path: '/R4/PractitionerRole', r4: true };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const call = async (op: Op, uid: string | null, extra: ErsCall = {}) =>
  h.ers(op.method, op.path, {
    token: uid ? await h.accessTokenFor(uid) : null,
    ...(op.body ? { body: op.body } : {}),
    ...extra,
  });
const asPriya = (op: Op, extra: ErsCall = {}) =>
  call(op, PRIYA, { ods: 'RCD', businessFunction: SPC, ...extra });
const asHelen = (op: Op, extra: ErsCall = {}) =>
  call(op, HELEN, { ods: 'RCD', businessFunction: SPCA, onBehalfOf: PRIYA, ...extra });

const issue = (json: unknown) =>
  (
    json as {
      issue: Array<{
        code: string;
        diagnostics?: string;
        details: { coding: Array<{ system: string; code: string }> };
      }>;
    }
  ).issue[0]!;

describe.each(OPS)('$id: each rule, in order', (op) => {
  it('answers the persona allowed to use it', async () => {
    const response = await asPriya(op);
    expect(response.status).toBe(op.id === 'A042' ? 307 : 200);
  });

  it('401s without a bearer token, or with one not prefixed "Bearer "', async () => {
    const none = await asPriya(op, { token: null });
    expect(none.status).toBe(401);
    expect(issue(none.json)).toMatchObject({
      code: 'login',
      details: {
        coding: [
          op.r4
            ? {
                system: 'https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode',
                code: 'ACCESS_DENIED',
              }
            : {
                system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-APIErrorCode-1',
                code: 'NO_ACCESS',
              },
        ],
      },
    });
    const bare = await h.ers(op.method, op.path, {
      headers: { authorization: await h.accessTokenFor(PRIYA) },
      ods: 'RCD',
      businessFunction: SPC,
      ...(op.body ? { body: op.body } : {}),
    });
    expect(bare.status).toBe(401);
  });

  it('401s for identity assurance below IAL3, with e-RS words', async () => {
    const response = await call(op, JO, { ods: 'D82106', businessFunction: RC });
    expect(response.status).toBe(401);
    expect(issue(response.json)).toMatchObject({
      code: 'forbidden',
      diagnostics:
        "We couldn't verify your identity. Contact your local Registration Authority or IT department for help.",
    });
  });

  it('400s MISSING_HEADER without the ODS header (or with an empty one)', async () => {
    for (const ods of [undefined, '']) {
      const response = await asPriya(op, { ...(ods === undefined ? { ods: undefined } : { ods }) });
      expect(response.status).toBe(400);
      expect(issue(response.json)).toMatchObject({
        code: 'required',
        diagnostics: 'Missing or Empty NHSD-End-User-Organisation-ODS header.',
        details: { coding: [{ code: 'MISSING_HEADER' }] },
      });
    }
  });

  it('403s for an organisation or business function the user does not hold (A030 pairs)', async () => {
    for (const extra of [
      { ods: 'R69' },
      { businessFunction: RC },
      { businessFunction: undefined },
      { ods: 'rcd' },
    ]) {
      const response = await asPriya(op, extra);
      expect(response.status, JSON.stringify(extra)).toBe(403);
    }
  });

  it('403s a business function the operation does not take', async () => {
    const response =
      op.id === 'A008'
        ? await call(op, PRIYA, { ods: 'RCD', businessFunction: 'SERVICE_PROVIDER_ADMIN' })
        : await call(op, TOM, { ods: 'D82106', businessFunction: 'REFERRING_ADMIN' });
    // A008 accepts the admin functions (the spec lists them); Priya does not hold SPA.
    expect(response.status).toBe(403);
    expect(issue(response.json).code).toBe('forbidden');
  });

  it('needs the on-behalf-of header exactly for an SPCA, naming one of theirs', async () => {
    expect((await asHelen(op)).status).toBe(op.id === 'A042' ? 307 : 200);
    const missing = await asHelen(op, { onBehalfOf: undefined });
    expect(missing.status).toBe(403);
    const stranger = await asHelen(op, { onBehalfOf: '555367989103' });
    expect(stranger.status).toBe(403);
    expect(issue(stranger.json).diagnostics).toBe(
      'On Behalf Of User ID (555367989103) provided is invalid or not in the list of allowed OBO Users.',
    );
    const notSpca = await asPriya(op, { onBehalfOf: '555367989103' });
    expect(notSpca.status).toBe(403);
    expect(issue(notSpca.json).diagnostics).toBe(
      `On Behalf Of User ID (555367989103) is not permitted for Business Function (${SPC}).`,
    );
  });

  it('sends a new X-Request-ID on every response and echoes X-Correlation-ID', async () => {
    const correlationId = randomUUID();
    const ids = new Set<string>();
    for (const extra of [{}, { token: null }, { ods: undefined }, { ods: 'R69' }]) {
      const response = await asPriya(op, { correlationId, ...extra });
      expect(response.headers.get('x-correlation-id')).toBe(correlationId);
      expect(response.headers.get('x-request-id')).toMatch(UUID);
      ids.add(response.headers.get('x-request-id')!);
    }
    expect(ids.size).toBe(4);
  });
});

describe('A030 PractitionerRole', () => {
  it("lists the user's (ODS, business function) pairs with only the Authorization header", async () => {
    const response = await call(A030, JAMES);
    expect(response.status).toBe(200);
    const bundle = response.json as {
      total: number;
      entry: Array<{
        resource: {
          organization: { identifier: { value: string } };
          code: Array<{ coding: Array<{ code: string }> }>;
        };
      }>;
    };
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 2 });
    const pairs = bundle.entry.map((entry) => [
      entry.resource.organization.identifier.value,
      entry.resource.code.map((code) => code.coding[0]!.code),
    ]);
    expect(pairs).toEqual([
      ['D82106', [RC]],
      ['R69', [SPC]],
    ]);
  });

  const pairsOf = (json: unknown) =>
    (
      json as {
        entry: Array<{
          resource: {
            organization: { identifier: { value: string } };
            code: Array<{ coding: Array<{ code: string }> }>;
          };
        }>;
      }
    ).entry.map((entry) => [
      entry.resource.organization.identifier.value,
      entry.resource.code.map((code) => code.coding[0]!.code),
    ]);

  it("comes from the user's e-RS registration, not from their CIS2 activity codes", async () => {
    expect(pairsOf((await call(A030, AMARA)).json)).toEqual([
      ['R69', ['SERVICE_DEFINER', SPC, 'SERVICE_PROVIDER_ADMIN']],
      ['R68', [RC]],
    ]);
    expect(pairsOf((await call(A030, RAVI)).json)).toEqual([['R69', [SPCA]]]);
    expect(pairsOf((await call(A030, NADIA)).json)).toEqual([['RCD', [SPC]]]);
    expect(pairsOf((await call(A030, OWEN)).json)).toEqual([]);
  });

  it('is what every other operation checks the headers against, whatever CIS2 says', async () => {
    const a005 = OPS.find((op) => op.id === 'A005')!;
    const r69Referral = { ...a005, path: '/STU3/ReferralRequest/000000070104' };
    // The CIS2 role's own organisation and function are refused where e-RS lists neither...
    expect((await call(a005, AMARA, { ods: 'RCD', businessFunction: SPC })).status).toBe(403);
    expect((await call(a005, OWEN, { ods: 'RCD', businessFunction: SPC })).status).toBe(403);
    expect(
      (await call(a005, RAVI, { ods: 'RCD', businessFunction: SPCA, onBehalfOf: JAMES })).status,
    ).toBe(403);
    // ...and e-RS's own pairs work, with or without a CIS2 activity code for them.
    expect((await call(r69Referral, AMARA, { ods: 'R69', businessFunction: SPC })).status).toBe(
      200,
    );
    expect(
      (await call(r69Referral, RAVI, { ods: 'R69', businessFunction: SPCA, onBehalfOf: JAMES }))
        .status,
    ).toBe(200);
    expect((await call(a005, NADIA, { ods: 'RCD', businessFunction: SPC })).status).toBe(200);
  });

  it('is an empty bundle for a user with no roles', async () => {
    const response = await call(A030, CHRIS);
    expect(response.json).toMatchObject({ total: 0, entry: [] });
  });

  it('still needs a token, and IAL3', async () => {
    expect((await call(A030, null)).status).toBe(401);
    expect((await call(A030, JO)).status).toBe(401);
  });
});

describe('A005 ReferralRequest', () => {
  it('serves the spec example with a weak ETag of its version', async () => {
    const response = await asPriya({ ...OPS[1]! });
    expect(response.headers.get('etag')).toBe('W/"5"');
    expect(response.headers.get('content-type')).toBe('application/fhir+json');
    expect(response.json).toMatchObject({
      resourceType: 'ReferralRequest',
      id: '000000070000',
      subject: { identifier: { value: '9912003888' } },
    });
  });

  it('404s an unknown UBRN', async () => {
    const response = await asPriya({ ...OPS[1]!, path: '/STU3/ReferralRequest/123456789012' });
    expect(response.status).toBe(404);
  });

  it('404s HISTORY_NOT_SUPPORTED for a version that is not the current one', async () => {
    const response = await asPriya({
      ...OPS[1]!,
      path: '/STU3/ReferralRequest/000000070000/_history/4',
    });
    expect(response.status).toBe(404);
    expect(issue(response.json).details.coding[0]!.code).toBe('HISTORY_NOT_SUPPORTED');
  });

  it.each([
    [PRIYA, 'RCD', SPC, '000000070000', 200],
    [PRIYA, 'RCD', SPC, '000000070104', 422],
    [JAMES, 'D82106', RC, '000000070000', 200],
    [JAMES, 'D82106', RC, '000000070104', 422],
    [JAMES, 'R69', SPC, '000000070104', 200],
    [JAMES, 'R69', SPC, '000000070000', 422],
    [ALEX, 'RCD', RC, '000000070107', 200],
    [ALEX, 'RCD', RC, '000000070012', 422],
  ])('%s at %s as %s reading %s: %i', async (uid, ods, businessFunction, ubrn, status) => {
    const response = await call({ ...OPS[1]!, path: `/STU3/ReferralRequest/${ubrn}` }, uid, {
      ods,
      businessFunction,
    });
    expect(response.status).toBe(status);
    if (status === 422) {
      expect(issue(response.json).details.coding[0]!.code).toBe('NO_RELATIONSHIP');
    }
  });
});

describe('A042 Binary and the object store', () => {
  const binary = (id: string, as = asPriya) => as({ ...OPS[3]!, path: `/R4/Binary/${id}` });

  it('307s to a one-use object-store URL on the stand-in that serves the file', async () => {
    const redirect = await binary(AVAILABLE_BINARY);
    expect(redirect.status).toBe(307);
    const location = redirect.headers.get('location')!;
    expect(location).toMatch(
      new RegExp(`^${h.standin.origin}/object-store/[0-9a-f]+\\?expires=\\d+&signature=[\\w-]+$`),
    );
    expect(redirect.headers.get('cache-control')).toBe('no-store');

    const file = await fetch(location);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.headers.get('content-length')).toBe(String(bytes.length));
    expect(file.headers.get('content-disposition')).toContain('referralletter.pdf');

    const again = await fetch(location);
    expect(again.status).toBe(403);
    expect(await again.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('serves each attachment with its own content type', async () => {
    const redirect = await call(
      { ...OPS[3]!, path: '/R4/Binary/d7f9fba4-3c57-4dec-a274-94dab9fd4518' },
      PRIYA,
      {
        ods: 'RCD',
        businessFunction: SPC,
      },
    );
    const png = await binary('80245c92-d28a-4d1f-9b8d-c31f8ab9e322');
    const file = await fetch(png.headers.get('location')!);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(redirect.status).toBe(307);
  });

  it('refuses the URL once it has expired, a few seconds on', async () => {
    const redirect = await binary(AVAILABLE_BINARY);
    h.clock.advance(5_001);
    const file = await fetch(redirect.headers.get('location')!);
    expect(file.status).toBe(403);
    expect(await file.text()).toContain('Request has expired');
  });

  it('refuses a tampered signature or expiry, and an unknown key', async () => {
    const location = (await binary(AVAILABLE_BINARY)).headers.get('location')!;
    const tampered = location.replace(
      /expires=(\d+)/,
      (_m, ms) => `expires=${Number(ms) + 60_000}`,
    );
    expect((await fetch(tampered)).status).toBe(403);
    expect(
      (await fetch(`${h.standin.origin}/object-store/deadbeef?expires=1&signature=x`)).status,
    ).toBe(404);
    expect((await fetch(location)).status).toBe(200);
  });

  it('records what reached the object store (no bearer token should)', async () => {
    const location = (await binary(AVAILABLE_BINARY)).headers.get('location')!;
    await fetch(location);
    expect(h.standin.objectStoreRequests.at(-1)).toMatchObject({ status: 200 });
    expect(h.standin.objectStoreRequests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it.each([
    ['22b43120-1805-430d-9f5c-6f52d5211dce', 'PENDING'],
    ['adda8c72-4a91-4dc7-a918-b6d12fb28085', 'THREATS_FOUND'],
    ['9e554611-3378-425c-9cab-700b697e52d3', 'VALIDATION_FAILED'],
  ])('422s an unavailable attachment %s with %s', async (id, code) => {
    const response = await binary(id);
    expect(response.status).toBe(422);
    expect(issue(response.json)).toMatchObject({
      code: 'invalid',
      details: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/ers-error-codes', code }] },
    });
  });

  it('403s NO_RELATIONSHIP for an attachment of another organisation, 404s an unknown one', async () => {
    const other = await binary('2979b737-3836-4da4-a36c-ee1736c4fb67'); // 000000070104, R69
    expect(other.status).toBe(403);
    expect(issue(other.json)).toMatchObject({
      details: { coding: [{ code: 'NO_RELATIONSHIP' }] },
      diagnostics:
        'No Legitimate Relationship for Binary with ID 2979b737-3836-4da4-a36c-ee1736c4fb67.',
    });
    expect((await binary(randomUUID())).status).toBe(404);
  });
});

describe('A007 generateCRI', () => {
  it('answers a small valid PDF', async () => {
    const response = await asPriya(OPS[4]!);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="000000070000_Clinical_Referral_Information_\d{14}\.pdf"$/,
    );
    expect(response.headers.get('content-length')).toBe(String(response.bytes.length));
    const text = response.bytes.toString('latin1');
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\n(\d+)/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
  });

  it('422s NO_RELATIONSHIP for another organisation, 404s an unknown UBRN', async () => {
    const other = await asPriya({
      ...OPS[4]!,
      path: '/STU3/ReferralRequest/000000070104/$ers.generateCRI',
    });
    expect(other.status).toBe(422);
    const unknown = await asPriya({
      ...OPS[4]!,
      path: '/STU3/ReferralRequest/123456789012/$ers.generateCRI',
    });
    expect(unknown.status).toBe(404);
  });
});

describe('A004 CodeSystem', () => {
  it.each([
    'SPECIALTY',
    'PRIORITY',
    'CLINIC-TYPE',
    'APPOINTMENT-CANCELLATION-REASON',
    'REFERRAL-CANCELLATION-REASON',
    'APPOINTMENT-NON-ATTENDANCE-REASON',
  ])('serves %s from the spec example, with e-RS base URLs', async (type) => {
    const response = await asPriya({ ...OPS[5]!, path: `/STU3/CodeSystem/${type}` });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ resourceType: 'CodeSystem', id: type });
    expect(response.text).not.toMatch(/_base[uU]rl_/);
    expect((response.json as { url: string }).url).toBe(
      `${h.standin.ersBaseUrl}/STU3/CodeSystem/${type}`,
    );
  });

  it('404s an unknown code system', async () => {
    expect((await asPriya({ ...OPS[5]!, path: '/STU3/CodeSystem/COLOUR' })).status).toBe(404);
  });
});

describe('A040 Practitioner?_query=onBehalfOf', () => {
  it('lists the clinicians an SPCA may act for, without needing the on-behalf-of header', async () => {
    const response = await call(A040, HELEN, { ods: 'RCD', businessFunction: SPCA });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      resourceType: 'Bundle',
      total: 1,
      entry: [{ resource: { resourceType: 'Practitioner', id: PRIYA } }],
    });
  });

  it('403s anyone but an SPCA', async () => {
    expect((await call(A040, PRIYA, { ods: 'RCD', businessFunction: SPC })).status).toBe(403);
  });

  it('400s a missing or unknown _query', async () => {
    for (const path of ['/R4/Practitioner', '/R4/Practitioner?_query=everyone']) {
      const response = await call({ ...A040, path }, HELEN, { ods: 'RCD', businessFunction: SPCA });
      expect(response.status).toBe(400);
    }
  });

  it('needs the ODS and business function headers the spec marks required', async () => {
    expect((await call(A040, HELEN, { businessFunction: SPCA })).status).toBe(400);
    expect((await call(A040, HELEN, { ods: 'RCD' })).status).toBe(403);
  });
});

describe('A008 fetchworklist', () => {
  const worklist = (
    uid: string,
    ods: string,
    businessFunction: string,
    body: string,
    extra: ErsCall = {},
  ) => call({ ...OPS[0]!, body }, uid, { ods, businessFunction, ...extra });
  const ubrns = (json: unknown) =>
    ((json as { entry: Array<{ item: { reference: string } }> }).entry ?? []).map((e) =>
      e.item.reference.replace('ReferralRequest/', ''),
    );

  it.each([
    [
      PRIYA,
      'RCD',
      SPC,
      'REFERRALS_FOR_REVIEW',
      ['000000070001', '000000070002', '000000070005', '000000070011', '000000070101'],
    ],
    [PRIYA, 'RCD', SPC, 'APPOINTMENT_SLOT_ISSUES', ['000000070003']],
    [GRACE, 'RCD', 'SERVICE_PROVIDER_ADMIN', 'APPOINTMENT_SLOT_ISSUES', ['000000070003']],
    [JAMES, 'R69', SPC, 'APPOINTMENT_SLOT_ISSUES', ['000000070111']],
    [JAMES, 'D82106', RC, 'REJECTED_TRIAGE_RESPONSE', ['000000070102', '000000070108']],
    [
      TOM,
      'D82106',
      'REFERRING_ADMIN',
      'LETTERS_OUTSTANDING',
      ['000000070005', '000000070101', '000000070103'],
    ],
    [ALEX, 'RCD', RC, 'ASSESSMENT_RETURNED_CANCELLED_DNA', ['000000070106', '000000070107']],
    [
      ALEX,
      'RCD',
      RC,
      'AWAITING_BOOKING',
      ['000000070104', '000000070105', '000000070109', '000000070111'],
    ],
  ])('%s at %s as %s: %s', async (uid, ods, businessFunction, listType, expected) => {
    const response = await worklist(uid, ods, businessFunction, worklistBody(listType));
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      resourceType: 'List',
      status: 'current',
      mode: 'snapshot',
    });
    expect(ubrns(response.json).sort()).toEqual(expected);
  });

  it('403s a list of the other side', async () => {
    expect((await worklist(PRIYA, 'RCD', SPC, worklistBody('AWAITING_BOOKING'))).status).toBe(403);
    expect((await worklist(JAMES, 'D82106', RC, worklistBody('REFERRALS_FOR_REVIEW'))).status).toBe(
      403,
    );
  });

  it('415s a body that is not application/fhir+json', async () => {
    const response = await worklist(PRIYA, 'RCD', SPC, worklistBody('REFERRALS_FOR_REVIEW'), {
      contentType: 'application/json',
    });
    expect(response.status).toBe(415);
  });

  it.each([
    ['not JSON', 'listType=REFERRALS_FOR_REVIEW', 'INVALID_FHIR_STRUCTURE'],
    ['not Parameters', JSON.stringify({ resourceType: 'Bundle' }), 'INVALID_FHIR_STRUCTURE'],
    ['no listType', JSON.stringify({ resourceType: 'Parameters', parameter: [] }), 'MISSING_VALUE'],
    ['an unknown listType', worklistBody('EVERYTHING'), 'INVALID_CODE'],
    [
      'an unknown filter',
      worklistBody('REFERRALS_FOR_REVIEW', [{ name: 'colour', valueString: 'red' }]),
      'UNEXPECTED_FIELD',
    ],
  ])('422s %s', async (_name, body, code) => {
    const response = await worklist(PRIYA, 'RCD', SPC, body);
    expect(response.status).toBe(422);
    expect(issue(response.json).details.coding[0]!.code).toBe(code);
  });

  it('takes filters on provider lists only, and applies the specialty filter', async () => {
    const specialty = (code: string) => ({
      name: 'specialty',
      valueCodeableConcept: {
        coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/SPECIALTY', code }],
      },
    });
    const filtered = await worklist(
      PRIYA,
      'RCD',
      SPC,
      worklistBody('REFERRALS_FOR_REVIEW', [specialty('GASTROENTEROLOGY')]),
    );
    expect(filtered.status).toBe(200);
    expect(ubrns(filtered.json)).toEqual([]);
    const referrer = await worklist(
      JAMES,
      'D82106',
      RC,
      worklistBody('AWAITING_BOOKING', [specialty('CARDIOLOGY')]),
    );
    expect(referrer.status).toBe(422);
  });
});

describe('APIM in front of e-RS', () => {
  it.each([
    'AUTHORISED_APPLICATION',
    'PROVIDER_AUTHORISED_APPLICATION',
    'REFERRER_AUTHORISED_APPLICATION',
  ])(
    'refuses the application-restricted business function %s on a user token',
    async (businessFunction) => {
      const response = await asPriya(OPS[1]!, { businessFunction });
      expect(response.status).toBe(403);
      expect(issue(response.json).diagnostics).toBe(
        'User does not have the required Business Function at the specified Organisation.',
      );
    },
  );

  it('refuses every call, A030 too, when the app has no ASID, with APIM body', async () => {
    const noAsid = await startHarness({ app: { asid: null } });
    try {
      const token = (await noAsid.tokensFor(PRIYA)).access_token;
      const a030 = await noAsid.ers('GET', '/R4/PractitionerRole', { token });
      const a005 = await noAsid.ers('GET', '/STU3/ReferralRequest/000000070000', {
        token,
        ods: 'RCD',
        businessFunction: SPC,
      });
      expect([a030.status, a005.status]).toEqual([403, 403]);
      expect(a030.json).toMatchObject({
        resourceType: 'OperationOutcome',
        meta: { profile: ['https://www.hl7.org/fhir/R4/operationoutcome.html'] },
        issue: [
          {
            severity: 'error',
            code: 'forbidden',
            details: {
              coding: [
                {
                  system: 'https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode',
                  code: 'ACCESS_DENIED',
                },
              ],
            },
            diagnostics: 'ASID is not configured in the application',
          },
        ],
      });
      expect(a005.json).toMatchObject({
        meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/eRS-OperationOutcome-1'] },
        issue: [
          {
            code: 'forbidden',
            details: {
              coding: [
                {
                  system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-APIErrorCode-1',
                  code: 'NO_ACCESS',
                },
              ],
            },
            diagnostics: 'ASID is not configured in the application',
          },
        ],
      });
    } finally {
      await noAsid.close();
    }
  });

  it('applies an end-user organisation allow-list when the app has one', async () => {
    const listed = await startHarness({ app: { allowedOdsCodes: ['RCD'] } });
    try {
      const token = (await listed.tokensFor(JAMES)).access_token;
      const response = await listed.ers('GET', '/STU3/ReferralRequest/000000070104', {
        token,
        ods: 'R69',
        businessFunction: SPC,
      });
      expect(response.status).toBe(403);
      expect(issue(response.json).diagnostics).toBe(
        'Unauthorised ODS code provided in NHSD-End-User-Organisation-ODS header',
      );
    } finally {
      await listed.close();
    }
  });

  it('404s an unknown operation', async () => {
    const response = await asPriya({ ...OPS[1]!, path: '/STU3/Nothing/here' });
    expect(response.status).toBe(404);
  });
});

describe('rate limit: 10 requests a second per application', () => {
  it('429s the 11th call in a second (STU3: empty body; R4: OperationOutcome), then recovers', async () => {
    const limited = await startHarness({ rateLimitPerSecond: 10 });
    try {
      const token = (await limited.tokensFor(PRIYA)).access_token;
      limited.clock.freeze();
      const a005 = () =>
        limited.ers('GET', '/STU3/ReferralRequest/000000070000', {
          token,
          ods: 'RCD',
          businessFunction: SPC,
        });
      for (let i = 0; i < 10; i += 1) expect((await a005()).status).toBe(200);
      const eleventh = await a005();
      expect(eleventh.status).toBe(429);
      expect(eleventh.text).toBe('');
      expect(eleventh.headers.get('x-request-id')).toMatch(UUID);
      const r4 = await limited.ers('GET', '/R4/PractitionerRole', { token });
      expect(r4.status).toBe(429);
      expect(issue(r4.json)).toMatchObject({
        code: 'throttled',
        details: { coding: [{ code: 'TOO_MANY_REQUESTS' }] },
      });
      // Bad tokens are refused before the limit, as in APIM.
      expect((await limited.ers('GET', '/R4/PractitionerRole', { token: 'nope' })).status).toBe(
        401,
      );
      limited.clock.advance(1_000);
      expect((await a005()).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('injected faults', () => {
  it('answers the next matching call with 503 and Retry-After, then recovers', async () => {
    h.standin.faults.enqueue({ operation: 'A005', status: 503, retryAfter: '2' });
    const a004 = await asPriya(OPS[5]!);
    expect(a004.status).toBe(200);
    const faulted = await asPriya(OPS[1]!);
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('2');
    expect(faulted.headers.get('x-request-id')).toMatch(UUID);
    expect(issue(faulted.json)).toMatchObject({
      code: 'transient',
      details: { coding: [{ code: 'SYSTEM_UNAVAILABLE' }] },
    });
    expect((await asPriya(OPS[1]!)).status).toBe(200);
  });

  it('uses the R4 body on R4 operations and can repeat', async () => {
    h.standin.faults.enqueue({ operation: '*', status: 503, times: 2 });
    for (let i = 0; i < 2; i += 1) {
      const response = await asPriya(OPS[3]!);
      expect(response.status).toBe(503);
      expect(issue(response.json).details.coding[0]!.code).toBe('REC_UNAVAILABLE');
    }
    expect((await asPriya(OPS[3]!)).status).toBe(307);
  });

  it('does not hide APIM refusals: a bad token still gets 401 and the fault waits', async () => {
    h.standin.faults.enqueue({ operation: 'A005', status: 503 });
    expect((await asPriya(OPS[1]!, { token: 'bad' })).status).toBe(401);
    expect((await asPriya(OPS[1]!)).status).toBe(503);
  });

  it('can fail the token endpoint with APIM catch-all body', async () => {
    h.standin.faults.enqueue({ operation: 'token', status: 500 });
    const response = await h.postToken(await h.exchangeForm());
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({
      error: 'unknown_error',
      message_id: expect.stringMatching(/^rrt-/),
    });
    expect((await h.postToken(await h.exchangeForm())).status).toBe(200);
  });

  it('takes faults from the options too', async () => {
    const faulty = await startHarness({
      faults: { nextResponses: [{ operation: 'A030', status: 500 }] },
    });
    try {
      const token = (await faulty.tokensFor(PRIYA)).access_token;
      expect((await faulty.ers('GET', '/R4/PractitionerRole', { token })).status).toBe(500);
      expect((await faulty.ers('GET', '/R4/PractitionerRole', { token })).status).toBe(200);
    } finally {
      await faulty.close();
    }
  });
});
