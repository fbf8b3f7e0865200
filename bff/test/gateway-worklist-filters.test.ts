/**
 * A008 worklist filters: the query parameters the gateway takes, the Parameters body e-RS gets
 * (shaped as the spec's filtered-by-* examples), and refusals before any upstream call.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SPEC_PATH } from '@ers/fixtures/spec';
import {
  INT_ERS_BASE,
  problemOf,
  specExample,
  startGateway,
  type Gateway,
} from './support/harness';

const A008 = '/referrals/FHIR/STU3/ReferralRequest/$ers.fetchworklist';
const LIST_SELECTOR = 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReferralListSelector-1';

type Parameters = { parameter: { name: string }[] };
const example = (name: string) =>
  specExample('/STU3/ReferralRequest/$ers.fetchworklist', 'post', name) as Parameters;
type RequestExamples = Record<string, { value: unknown }>;
const requestExamples = (
  JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
    paths: Record<
      string,
      { post: { requestBody: { content: Record<string, { examples: RequestExamples }> } } }
    >;
  }
).paths['/STU3/ReferralRequest/$ers.fetchworklist']!.post.requestBody.content[
  'application/fhir+json'
]!.examples;

/** The spec's request example, its `_baseUrl_` being the e-RS base the BFF calls. */
const requestExample = (name: string) =>
  JSON.parse(
    JSON.stringify(requestExamples[name]!.value).replace(/_baseUrl_/g, INT_ERS_BASE),
  ) as unknown;

let gw: Gateway;
afterEach(() => gw?.close());

async function fetchWith(query: string, listType = 'REFERRALS_FOR_REVIEW') {
  gw = await startGateway();
  gw.upstream.on('POST', A008, {
    status: 200,
    body: example('referrals-for-review'),
  });
  const response = await gw.request(`/api/worklists/${listType}${query}`);
  const sent = gw.upstream.ersCalls()[0]?.body;
  return { response, sent: sent === undefined ? undefined : (JSON.parse(sent) as Parameters) };
}

const filterParameters = (sent: Parameters | undefined) => sent?.parameter.slice(1);

describe('A008 filters reach e-RS as the spec shows them', () => {
  it('no filters: the listType alone', async () => {
    const { response, sent } = await fetchWith('');
    expect(response.status).toBe(200);
    expect(sent).toEqual(requestExample('referrals-for-review'));
  });

  it('specialty: with specialtyAssignedIndicator ASSIGNED (example filtered-by-specialty)', async () => {
    const { response, sent } = await fetchWith('?specialty=CARDIOLOGY');
    expect(response.status).toBe(200);
    expect(sent).toEqual(requestExample('filtered-by-specialty'));
  });

  it('clinician: with clinicianAssignedIndicator ASSIGNED (example filtered-by-clinician)', async () => {
    const { sent } = await fetchWith('?clinician=021600556514');
    expect(sent).toEqual(requestExample('filtered-by-clinician'));
  });

  it('service (example filtered-by-service)', async () => {
    const { sent } = await fetchWith('?service=21012');
    expect(sent).toEqual(requestExample('filtered-by-service'));
  });

  it('location as an ODS organisation identifier', async () => {
    const { sent } = await fetchWith('?location=R69');
    expect(filterParameters(sent)).toEqual([
      {
        name: 'location',
        valueIdentifier: {
          system: 'https://directory.spineservices.nhs.uk/STU3/Organization',
          value: 'R69',
        },
      },
    ]);
  });

  it('the indicators alone, NOT_ASSIGNED', async () => {
    const { sent } = await fetchWith(
      '?specialtyAssignedIndicator=NOT_ASSIGNED&clinicianAssignedIndicator=NOT_ASSIGNED',
    );
    const indicator = (name: string) => ({
      name,
      valueCodeableConcept: {
        coding: [
          {
            system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-AssignedIndicator-1',
            code: 'NOT_ASSIGNED',
          },
        ],
      },
    });
    expect(filterParameters(sent)).toEqual([
      indicator('specialtyAssignedIndicator'),
      indicator('clinicianAssignedIndicator'),
    ]);
  });

  it('all of them together, in the schema order, on the appointment slot issues list', async () => {
    const { response, sent } = await fetchWith(
      '?clinician=021600556514&location=RCD&specialty=ORTHOPAEDICS&service=11002',
      'APPOINTMENT_SLOT_ISSUES',
    );
    expect(response.status).toBe(200);
    expect(sent?.parameter[0]).toMatchObject({
      name: 'listType',
      valueCodeableConcept: {
        coding: [{ system: LIST_SELECTOR, code: 'APPOINTMENT_SLOT_ISSUES' }],
      },
    });
    expect(filterParameters(sent)?.map((parameter) => parameter.name)).toEqual([
      'service',
      'specialtyAssignedIndicator',
      'specialty',
      'location',
      'clinicianAssignedIndicator',
      'clinician',
    ]);
  });
});

describe('bad filters are refused before e-RS', () => {
  it.each([
    ['an unknown parameter', '?sort=priority'],
    ['a misspelt filter', '?speciality=CARDIOLOGY'],
    ['a repeated filter', '?specialty=CARDIOLOGY&specialty=ALLERGY'],
    ['an empty value', '?specialty='],
    ['a lower-case specialty', '?specialty=cardiology'],
    ['a specialty with a space', '?specialty=CARDIO%20LOGY'],
    ['a service id that is not digits', '?service=21012x'],
    ['a clinician id that is not 12 digits', '?clinician=12345'],
    ['a location that is not an ODS code', '?location=R6-9'],
    ['an unknown indicator', '?specialtyAssignedIndicator=MAYBE'],
    ['a specialty NOT_ASSIGNED', '?specialty=CARDIOLOGY&specialtyAssignedIndicator=NOT_ASSIGNED'],
    ['a clinician NOT_ASSIGNED', '?clinician=021600556514&clinicianAssignedIndicator=NOT_ASSIGNED'],
  ])('%s', async (_, query) => {
    const { response } = await fetchWith(query);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe('invalid_request');
    expect(gw.upstream.ersCalls()).toHaveLength(0);
  });

  it('any filter on a referring organisation list', async () => {
    gw = await startGateway({ session: { businessFunction: 'REFERRING_CLINICIAN' } });
    const response = await gw.request('/api/worklists/AWAITING_BOOKING?specialty=CARDIOLOGY');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe('invalid_request');
    expect(gw.upstream.ersCalls()).toHaveLength(0);
  });
});
