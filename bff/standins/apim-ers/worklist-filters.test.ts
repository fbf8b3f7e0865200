/**
 * A008's filters on the stand-in: applied to the fixture lists, and malformed ones refused with
 * the 422 codes the spec lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, worklistBody, type Harness } from './testing/harness';

const PRIYA = '555032006106'; // SPC at RCD
const SPC = 'SERVICE_PROVIDER_CLINICIAN';
const ALEX = '656005750109'; // RC at RCD

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const INDICATOR = 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-AssignedIndicator-1';
const indicator = (name: string, code: string, system = INDICATOR) => ({
  name,
  valueCodeableConcept: { coding: [{ system, code }] },
});
const specialty = (code: string) => ({
  name: 'specialty',
  valueCodeableConcept: {
    coding: [{ system: '_baseUrl_/STU3/CodeSystem/SPECIALTY', code }],
  },
});
const identifier = (name: string, system: string, value: string) => ({
  name,
  valueIdentifier: { system, value },
});
const service = (id: string) => identifier('service', 'http://fhir.nhs.net/Id/ers-service', id);
const location = (ods: string) =>
  identifier('location', 'https://directory.spineservices.nhs.uk/STU3/Organization', ods);
const clinician = (id: string) => identifier('clinician', 'http://fhir.nhs.net/Id/sds-user-id', id);

async function fetchList(filters: unknown[], listType = 'REFERRALS_FOR_REVIEW') {
  return h.ers('POST', '/STU3/ReferralRequest/$ers.fetchworklist', {
    token: await h.accessTokenFor(PRIYA),
    ods: 'RCD',
    businessFunction: SPC,
    // e-RS's own base URL where the spec writes `_baseUrl_`.
    body: worklistBody(listType, filters).replaceAll('_baseUrl_', h.standin.ersBaseUrl),
  });
}
const ubrns = (json: unknown) =>
  ((json as { entry?: Array<{ item: { reference: string } }> }).entry ?? [])
    .map((e) => e.item.reference.replace('ReferralRequest/', ''))
    .sort();
const services = (json: unknown) =>
  (
    (
      json as {
        entry?: Array<{
          extension: Array<{
            extension: Array<{ url: string; valueReference?: { identifier?: { value?: string } } }>;
          }>;
        }>;
      }
    ).entry ?? []
  ).map(
    (e) =>
      e.extension[0]!.extension.find((x) => x.url === 'service')?.valueReference?.identifier?.value,
  );
const errorCode = (json: unknown) =>
  (json as { issue: Array<{ details: { coding: Array<{ code: string }> } }> }).issue[0]!.details
    .coding[0]!.code;

/** Those whose appointment has an allocated clinician (booked-dbs, with-related-referral). */
const ALLOCATED = ['000000070001', '000000070005'];

const ALL_FOR_REVIEW = [
  '000000070001',
  '000000070002',
  '000000070005',
  '000000070011',
  '000000070101',
];

describe('A008 filters on the stand-in', () => {
  it('service keeps the referrals shortlisted to that service', async () => {
    const response = await fetchList([service('11002')]);
    expect(response.status).toBe(200);
    expect(services(response.json)).toEqual(['11002', '11002', '11002']);
    expect(ubrns((await fetchList([service('99999')])).json)).toEqual([]);
  });

  it('specialty with its indicator ASSIGNED, as the spec example sends it', async () => {
    const cardiology = await fetchList([
      indicator('specialtyAssignedIndicator', 'ASSIGNED'),
      specialty('CARDIOLOGY'),
    ]);
    expect(ubrns(cardiology.json)).toEqual(ALL_FOR_REVIEW);
    expect(ubrns((await fetchList([specialty('ALLERGY')])).json)).toEqual([]);
    // Every fixture has a specialty.
    const unassigned = await fetchList([indicator('specialtyAssignedIndicator', 'NOT_ASSIGNED')]);
    expect(unassigned.status).toBe(200);
    expect(ubrns(unassigned.json)).toEqual([]);
  });

  it('location is the provider organisation', async () => {
    expect(ubrns((await fetchList([location('RCD')])).json)).toEqual(ALL_FOR_REVIEW);
    expect(ubrns((await fetchList([location('R69')])).json)).toEqual([]);
  });

  it("clinician: the clinician allocated to the referral's appointment (the A005 examples' CON)", async () => {
    const assigned = await fetchList([
      indicator('clinicianAssignedIndicator', 'ASSIGNED'),
      clinician('021600556514'),
    ]);
    expect(assigned.status).toBe(200);
    expect(ubrns(assigned.json)).toEqual(ALLOCATED);
    const other = await fetchList([
      indicator('clinicianAssignedIndicator', 'ASSIGNED'),
      clinician('021600556513'),
    ]);
    expect(ubrns(other.json)).toEqual([]);
    const anyone = await fetchList([indicator('clinicianAssignedIndicator', 'ASSIGNED')]);
    expect(ubrns(anyone.json)).toEqual(ALLOCATED);
    const unassigned = await fetchList([indicator('clinicianAssignedIndicator', 'NOT_ASSIGNED')]);
    expect(ubrns(unassigned.json)).toEqual(
      ALL_FOR_REVIEW.filter((ubrn) => !ALLOCATED.includes(ubrn)),
    );
  });

  it('names the allocated clinician as the spec example does: a contained Practitioner', async () => {
    const json = (await fetchList([])).json as {
      contained: { resourceType: string; id: string; identifier: { value: string }[] }[];
      entry: {
        extension: { extension: { url: string; valueReference?: { reference?: string } }[] }[];
        item: { reference: string };
      }[];
    };
    const allocated = json.entry.flatMap((entry) => {
      const reference = entry.extension[0]!.extension.find(
        (field) => field.url === 'allocatedClinician',
      )?.valueReference?.reference;
      return reference ? [[entry.item.reference, reference]] : [];
    });
    expect(allocated).toEqual(
      ALLOCATED.map((ubrn) => [`ReferralRequest/${ubrn}`, '#Practitioner-021600556514']),
    );
    expect(json.contained.filter((resource) => resource.resourceType === 'Practitioner')).toEqual([
      expect.objectContaining({
        id: 'Practitioner-021600556514',
        identifier: [{ system: 'http://fhir.nhs.net/Id/sds-user-id', value: '021600556514' }],
      }),
    ]);
  });

  it('filters combine, on the appointment slot issues list too', async () => {
    const response = await fetchList(
      [service('11002'), specialty('CARDIOLOGY'), location('RCD')],
      'APPOINTMENT_SLOT_ISSUES',
    );
    expect(response.status).toBe(200);
    const all = await fetchList([], 'APPOINTMENT_SLOT_ISSUES');
    expect(ubrns(response.json)).toEqual(
      ubrns(all.json).filter((_, index) => services(all.json)[index] === '11002'),
    );
  });

  it.each([
    ['a repeated filter', [service('11002'), service('11004')], 'INVALID_FHIR_STRUCTURE'],
    [
      'a service without valueIdentifier',
      [{ name: 'service', valueString: '11002' }],
      'INVALID_FHIR_STRUCTURE',
    ],
    [
      'a specialty with two codings',
      [
        {
          name: 'specialty',
          valueCodeableConcept: {
            coding: [
              { system: 'x/STU3/CodeSystem/SPECIALTY', code: 'A' },
              { system: 'x/STU3/CodeSystem/SPECIALTY', code: 'B' },
            ],
          },
        },
      ],
      'INVALID_FHIR_STRUCTURE',
    ],
    ['a service id that is not digits', [service('abc')], 'INVALID_VALUE'],
    [
      'a service in the wrong system',
      [identifier('service', 'http://example.org/service', '11002')],
      'INVALID_VALUE',
    ],
    [
      'a clinician that is not an SDS user id',
      [indicator('clinicianAssignedIndicator', 'ASSIGNED'), clinician('123')],
      'INVALID_VALUE',
    ],
    ['an unknown indicator', [indicator('specialtyAssignedIndicator', 'MAYBE')], 'INVALID_CODE'],
    [
      'an indicator in the wrong system',
      [indicator('clinicianAssignedIndicator', 'ASSIGNED', 'http://example.org')],
      'INVALID_CODE',
    ],
    [
      'a specialty not in the SPECIALTY system',
      [
        {
          name: 'specialty',
          valueCodeableConcept: {
            coding: [{ system: 'http://example.org/PRIORITY', code: 'CARDIOLOGY' }],
          },
        },
      ],
      'INVALID_CODE',
    ],
    [
      'a specialty NOT_ASSIGNED',
      [indicator('specialtyAssignedIndicator', 'NOT_ASSIGNED'), specialty('CARDIOLOGY')],
      'INVALID_VALUE',
    ],
    [
      'a clinician NOT_ASSIGNED',
      [indicator('clinicianAssignedIndicator', 'NOT_ASSIGNED'), clinician('021600556514')],
      'INVALID_VALUE',
    ],
    ['a clinician without its indicator', [clinician('021600556514')], 'MISSING_VALUE'],
  ])('422s %s', async (_name, filters, code) => {
    const response = await fetchList(filters);
    expect(response.status).toBe(422);
    expect(errorCode(response.json)).toBe(code);
  });

  it('422s any filter on a referrer list', async () => {
    const response = await h.ers('POST', '/STU3/ReferralRequest/$ers.fetchworklist', {
      token: await h.accessTokenFor(ALEX),
      ods: 'RCD',
      businessFunction: 'REFERRING_CLINICIAN',
      body: worklistBody('AWAITING_BOOKING', [service('11002')]),
    });
    expect(response.status).toBe(422);
    expect(errorCode(response.json)).toBe('UNEXPECTED_FIELD');
  });
});
