/**
 * The contract between the stand-in and NHS's e-RS OpenAPI spec (fixtures/spec/…bundled.json):
 * - every fixture validates against the spec's schema (ReferralRequest, CodeSystem);
 * - every response the stand-in gives, for every status each operation can produce, is one the
 *   spec documents for that operation, with a body that validates against the spec's schema for
 *   that status and the response headers the spec marks required;
 * - every request header (and query parameter) the spec marks required is enforced: the same
 *   request without it is refused.
 *
 * Where APIM's proxy (not e-RS) answers, it sends what NHSDigital/e-referrals-service-api's
 * proxy sends, which the spec does not quite describe; those cases are listed in APIM_BODIES and
 * checked against the spec as far as they agree with it (see the README: "Spec and proxy").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_SYSTEMS, REFERRALS } from '@ers/fixtures';
import { ADVICE_REQUESTS } from '@ers/fixtures/advice-and-guidance';
import { HEALTHCARE_SERVICES } from '@ers/fixtures/healthcare-services';
import { startHarness, worklistBody, type Harness } from './testing/harness';
import {
  describeErrors,
  parametersOf,
  requiredResponseHeaders,
  responseFor,
  schemaPointer,
  validatorFor,
} from './testing/spec';

const PRIYA = '555032006106';
const HELEN = '555031998104';
const JO = '555031999105';
const SPC = 'SERVICE_PROVIDER_CLINICIAN';
const SPA_USER = '555032006103';
const SPCA = 'SERVICE_PROVIDER_CLINICIAN_ADMIN';

type Request = {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
};

type SpecOp = {
  id: string;
  specPath: string;
  method: 'get' | 'post';
  /** A request the operation answers successfully, as a function of the user's token. */
  valid: (token: (uid: string) => Promise<string>) => Promise<Request>;
  /**
   * A deviation e-RS documents in the operation's own "Known Issues", undone before the body is
   * checked against the schema (and only for a 200).
   */
  knownIssue?: (json: unknown) => unknown;
  /** Requests that make it answer each other status (beyond the shared ones). */
  more?: Array<[string, (token: (uid: string) => Promise<string>) => Promise<Request>]>;
};

const acting = async (token: (uid: string) => Promise<string>, uid = PRIYA) => ({
  authorization: `Bearer ${await token(uid)}`,
  'NHSD-End-User-Organisation-ODS': 'RCD',
  'NHSD-eRS-Business-Function': uid === HELEN ? SPCA : SPC,
  ...(uid === HELEN ? { 'NHSD-eRS-On-Behalf-Of-User-ID': PRIYA } : {}),
  'X-Correlation-ID': 'contract-test',
});
const ALEX = '656005750109';
const referrer = async (token: (uid: string) => Promise<string>) => ({
  authorization: `Bearer ${await token(ALEX)}`,
  'NHSD-End-User-Organisation-ODS': 'RCD',
  'NHSD-eRS-Business-Function': 'REFERRING_CLINICIAN',
  'X-Correlation-ID': 'contract-test',
});
const taskQuery = (focus: string, intent = 'proposal', status = 'ready') =>
  `/STU3/Task?focus=${focus}&intent=${intent}&status=${status}`;

const fhirBody = (headers: Record<string, string>) => ({
  ...headers,
  'content-type': 'application/fhir+json',
});
/** A023's request body, as the spec's example: its own list selector and list type. */
const adviceWorklistBody = (extra: unknown[] = []) =>
  JSON.stringify({
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
              system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-CommunicationListSelector-1',
              code: 'ADVICE_AND_GUIDANCE_REQUESTS',
            },
          ],
        },
      },
      ...extra,
    ],
  });
const conversationPath = (ubrn: string, version: string) =>
  `/STU3/Communication?based-on=CommunicationRequest/${ubrn}/_history/${version}` +
  '&_include=Communication:requester-practitionerrole:PractitionerRole' +
  '&_include=Communication:sender-practitionerrole:PractionerRole' +
  '&_include=Communication:content-reference:DocumentReference';

const OPS: SpecOp[] = [
  {
    id: 'A030',
    specPath: '/R4/PractitionerRole',
    method: 'get',
    valid: async (token) => ({
      method: 'GET',
      path: '/R4/PractitionerRole',
      headers: { authorization: `Bearer ${await token(PRIYA)}` },
    }),
  },
  {
    id: 'A008',
    specPath: '/STU3/ReferralRequest/$ers.fetchworklist',
    method: 'post',
    valid: async (token) => ({
      method: 'POST',
      path: '/STU3/ReferralRequest/$ers.fetchworklist',
      headers: fhirBody(await acting(token)),
      body: worklistBody('REFERRALS_FOR_REVIEW'),
    }),
    more: [
      ...[
        'APPOINTMENT_SLOT_ISSUES',
        'REJECTED_TRIAGE_RESPONSE',
        'ASSESSMENT_RETURNED_CANCELLED_DNA',
        'AWAITING_BOOKING',
        'LETTERS_OUTSTANDING',
      ].map((listType): [string, SpecOp['valid']] => [
        listType,
        async (token) => {
          const referrer = listType !== 'APPOINTMENT_SLOT_ISSUES';
          const headers = referrer
            ? {
                authorization: `Bearer ${await token('656005750109')}`,
                'NHSD-End-User-Organisation-ODS': 'RCD',
                'NHSD-eRS-Business-Function': 'REFERRING_CLINICIAN',
              }
            : await acting(token);
          return {
            method: 'POST',
            path: '/STU3/ReferralRequest/$ers.fetchworklist',
            headers: fhirBody(headers),
            body: worklistBody(listType),
          };
        },
      ]),
      [
        'the same lists from the other organisation',
        async (token) => ({
          method: 'POST',
          path: '/STU3/ReferralRequest/$ers.fetchworklist',
          headers: fhirBody({
            authorization: `Bearer ${await token('555073103100')}`,
            'NHSD-End-User-Organisation-ODS': 'D82106',
            'NHSD-eRS-Business-Function': 'REFERRING_CLINICIAN',
          }),
          body: worklistBody('REJECTED_TRIAGE_RESPONSE'),
        }),
      ],
      [
        'a body that is not FHIR JSON (415)',
        async (token) => ({
          method: 'POST',
          path: '/STU3/ReferralRequest/$ers.fetchworklist',
          headers: { ...(await acting(token)), 'content-type': 'application/json' },
          body: worklistBody('REFERRALS_FOR_REVIEW'),
        }),
      ],
      [
        'an unknown list type (422)',
        async (token) => ({
          method: 'POST',
          path: '/STU3/ReferralRequest/$ers.fetchworklist',
          headers: fhirBody(await acting(token)),
          body: worklistBody('EVERYTHING'),
        }),
      ],
    ],
  },
  {
    id: 'A005',
    specPath: '/STU3/ReferralRequest/{ubrn}',
    method: 'get',
    valid: async (token) => ({
      method: 'GET',
      path: '/STU3/ReferralRequest/000000070000',
      headers: await acting(token),
    }),
    more: [
      ...[...REFERRALS.values()]
        .filter((referral) => referral.providerOrg === 'RCD')
        .map((referral): [string, SpecOp['valid']] => [
          `UBRN ${referral.ubrn}`,
          async (token) => ({
            method: 'GET',
            path: `/STU3/ReferralRequest/${referral.ubrn}`,
            headers: await acting(token),
          }),
        ]),
      [
        'an unknown UBRN (404)',
        async (token) => ({
          method: 'GET',
          path: '/STU3/ReferralRequest/123456789012',
          headers: await acting(token),
        }),
      ],
      [
        'no legitimate relationship (422)',
        async (token) => ({
          method: 'GET',
          path: '/STU3/ReferralRequest/000000070104',
          headers: await acting(token),
        }),
      ],
    ],
  },
  {
    id: 'A005 versioned',
    specPath: '/STU3/ReferralRequest/{ubrn}/_history/{version}',
    method: 'get',
    valid: async (token) => ({
      method: 'GET',
      path: '/STU3/ReferralRequest/000000070000/_history/5',
      headers: await acting(token),
    }),
    more: [
      [
        'an old version (404)',
        async (token) => ({
          method: 'GET',
          path: '/STU3/ReferralRequest/000000070000/_history/1',
          headers: await acting(token),
        }),
      ],
    ],
  },
  {
    id: 'A042',
    specPath: '/R4/Binary/{id}',
    method: 'get',
    valid: async (token) => ({
      method: 'GET',
      path: '/R4/Binary/19eb7224-dff3-4730-a5cb-67eac811f1a5',
      headers: await acting(token),
    }),
    more: [
      [
        'an A&G conversation’s attachment',
        async (token) => ({
          method: 'GET',
          path: '/R4/Binary/95786c88-0f4b-4336-89e1-8463a83a6756',
          headers: await acting(token),
        }),
      ],
      [
        'a PENDING attachment (422)',
        async (token) => ({
          method: 'GET',
          path: '/R4/Binary/22b43120-1805-430d-9f5c-6f52d5211dce',
          headers: await acting(token),
        }),
      ],
      [
        'another organisation’s attachment (403)',
        async (token) => ({
          method: 'GET',
          path: '/R4/Binary/2979b737-3836-4da4-a36c-ee1736c4fb67',
          headers: await acting(token),
        }),
      ],
      [
        'an unknown attachment (404)',
        async (token) => ({
          method: 'GET',
          path: '/R4/Binary/00000000-0000-4000-8000-000000000000',
          headers: await acting(token),
        }),
      ],
    ],
  },
  {
    id: 'A007',
    specPath: '/STU3/ReferralRequest/{ubrn}/$ers.generateCRI',
    method: 'post',
    valid: async (token) => ({
      method: 'POST',
      path: '/STU3/ReferralRequest/000000070000/$ers.generateCRI',
      headers: await acting(token),
    }),
    more: [
      [
        'no legitimate relationship (422)',
        async (token) => ({
          method: 'POST',
          path: '/STU3/ReferralRequest/000000070104/$ers.generateCRI',
          headers: await acting(token),
        }),
      ],
      [
        'an unknown UBRN (404)',
        async (token) => ({
          method: 'POST',
          path: '/STU3/ReferralRequest/123456789012/$ers.generateCRI',
          headers: await acting(token),
        }),
      ],
    ],
  },
  {
    id: 'A004',
    specPath: '/STU3/CodeSystem/{codeSystemType}',
    method: 'get',
    valid: async (token) => ({
      method: 'GET',
      path: '/STU3/CodeSystem/SPECIALTY',
      headers: await acting(token),
    }),
    more: [
      ...[...CODE_SYSTEMS.keys()].map((type): [string, SpecOp['valid']] => [
        type,
        async (token) => ({
          method: 'GET',
          path: `/STU3/CodeSystem/${type}`,
          headers: await acting(token),
        }),
      ]),
      [
        'an unknown code system (404)',
        async (token) => ({
          method: 'GET',
          path: '/STU3/CodeSystem/COLOUR',
          headers: await acting(token),
        }),
      ],
    ],
  },
  {
    id: 'A040',
    specPath: '/R4/Practitioner',
    method: 'get',
    valid: async (token) => ({
      method: 'GET',
      path: '/R4/Practitioner?_query=onBehalfOf',
      headers: {
        authorization: `Bearer ${await token(HELEN)}`,
        'NHSD-End-User-Organisation-ODS': 'RCD',
        'NHSD-eRS-Business-Function': SPCA,
      },
    }),
    more: [
      [
        'a wrong _query (400)',
        async (token) => ({
          method: 'GET',
          path: '/R4/Practitioner?_query=all',
          headers: {
            authorization: `Bearer ${await token(HELEN)}`,
            'NHSD-End-User-Organisation-ODS': 'RCD',
            'NHSD-eRS-Business-Function': SPCA,
          },
        }),
      ],
      [
        'a user who is not an SPCA (403)',
        async (token) => ({
          method: 'GET',
          path: '/R4/Practitioner?_query=onBehalfOf',
          headers: await acting(token),
        }),
      ],
    ],
  },
  {
    id: 'A029',
    specPath: '/STU3/Task',
    method: 'get',
    valid: async (token) => ({
      method: 'GET',
      path: taskQuery('ReferralRequest/000000070001/_history/5'),
      headers: await acting(token),
    }),
    more: [
      ...['000000070000', '000000070005'].map((ubrn): [string, SpecOp['valid']] => [
        `UBRN ${ubrn}`,
        async (token) => ({
          method: 'GET',
          path: taskQuery(`ReferralRequest/${ubrn}/_history/5`),
          headers: await acting(token, HELEN),
        }),
      ]),
      [
        'a referrer with two actions',
        async (token) => ({
          method: 'GET',
          path: taskQuery('ReferralRequest/000000070110/_history/5'),
          headers: await referrer(token),
        }),
      ],
      [
        'an old version (400 HISTORY_NOT_SUPPORTED)',
        async (token) => ({
          method: 'GET',
          path: taskQuery('ReferralRequest/000000070001/_history/1'),
          headers: await acting(token),
        }),
      ],
      [
        'an unknown UBRN (400 REFERENCE_NOT_FOUND)',
        async (token) => ({
          method: 'GET',
          path: taskQuery('ReferralRequest/123456789012/_history/1'),
          headers: await acting(token),
        }),
      ],
      [
        'a focus without a version (400 INVALID_VALUE)',
        async (token) => ({
          method: 'GET',
          path: taskQuery('ReferralRequest/000000070001'),
          headers: await acting(token),
        }),
      ],
      [
        'another intent (400 INVALID_VALUE)',
        async (token) => ({
          method: 'GET',
          path: taskQuery('ReferralRequest/000000070001/_history/5', 'order'),
          headers: await acting(token),
        }),
      ],
      [
        'no legitimate relationship (403)',
        async (token) => ({
          method: 'GET',
          path: taskQuery('ReferralRequest/000000070104/_history/5'),
          headers: await acting(token),
        }),
      ],
      [
        'an SPC admin without on-behalf-of (403)',
        async (token) => ({
          method: 'GET',
          path: taskQuery('ReferralRequest/000000070001/_history/5'),
          headers: without(await acting(token, HELEN), 'NHSD-eRS-On-Behalf-Of-User-ID'),
        }),
      ],
    ],
  },
  {
    id: 'A033',
    specPath: '/R4/HealthcareService/{id}',
    method: 'get',
    // "The HealthcareService.type attribute is being returned as a singular object".
    knownIssue: (json) => {
      const type = (json as { type?: unknown }).type;
      return type === undefined || Array.isArray(type)
        ? json
        : { ...(json as object), type: [type] };
    },
    valid: async (token) => ({
      method: 'GET',
      path: '/R4/HealthcareService/2',
      headers: await referrer(token),
    }),
    more: [
      ...[...HEALTHCARE_SERVICES.keys()].map((id): [string, SpecOp['valid']] => [
        `service ${id}`,
        async (token) => ({
          method: 'GET',
          path: `/R4/HealthcareService/${id}`,
          headers: await referrer(token),
        }),
      ]),
      [
        'an unknown service (404)',
        async (token) => ({
          method: 'GET',
          path: '/R4/HealthcareService/99999',
          headers: await referrer(token),
        }),
      ],
      [
        'a service provider clinician (403)',
        async (token) => ({
          method: 'GET',
          path: '/R4/HealthcareService/2',
          headers: without(await acting(token), 'NHSD-eRS-On-Behalf-Of-User-ID'),
        }),
      ],
      [
        'an on-behalf-of header, which A033 does not have (403)',
        async (token) => ({
          method: 'GET',
          path: '/R4/HealthcareService/2',
          headers: { ...(await referrer(token)), 'NHSD-eRS-On-Behalf-Of-User-ID': PRIYA },
        }),
      ],
    ],
  },
  {
    id: 'A023',
    specPath: '/STU3/CommunicationRequest/$ers.fetchworklist',
    method: 'post',
    valid: async (token) => ({
      method: 'POST',
      path: '/STU3/CommunicationRequest/$ers.fetchworklist',
      headers: fhirBody(await acting(token)),
      body: adviceWorklistBody(),
    }),
    more: [
      [
        'the SPC admin acting for a clinician',
        async (token) => ({
          method: 'POST',
          path: '/STU3/CommunicationRequest/$ers.fetchworklist',
          headers: fhirBody(await acting(token, HELEN)),
          body: adviceWorklistBody(),
        }),
      ],
      [
        'a referring clinician (403: no A&G worklist for referrers)',
        async (token) => ({
          method: 'POST',
          path: '/STU3/CommunicationRequest/$ers.fetchworklist',
          headers: fhirBody({
            authorization: `Bearer ${await token('656005750109')}`,
            'NHSD-End-User-Organisation-ODS': 'RCD',
            'NHSD-eRS-Business-Function': 'REFERRING_CLINICIAN',
          }),
          body: adviceWorklistBody(),
        }),
      ],
      [
        "A008's list selector (422)",
        async (token) => ({
          method: 'POST',
          path: '/STU3/CommunicationRequest/$ers.fetchworklist',
          headers: fhirBody(await acting(token)),
          body: worklistBody('ADVICE_AND_GUIDANCE_REQUESTS'),
        }),
      ],
      [
        'a filter A023 does not take (422)',
        async (token) => ({
          method: 'POST',
          path: '/STU3/CommunicationRequest/$ers.fetchworklist',
          headers: fhirBody(await acting(token)),
          body: adviceWorklistBody([
            {
              name: 'service',
              valueIdentifier: { system: 'http://fhir.nhs.net/Id/ers-service', value: '11014' },
            },
          ]),
        }),
      ],
      [
        'a body that is not FHIR JSON (415)',
        async (token) => ({
          method: 'POST',
          path: '/STU3/CommunicationRequest/$ers.fetchworklist',
          headers: { ...(await acting(token)), 'content-type': 'application/json' },
          body: adviceWorklistBody(),
        }),
      ],
    ],
  },
  {
    id: 'A024',
    specPath: '/STU3/CommunicationRequest/{ubrn}',
    method: 'get',
    valid: async (token) => ({
      method: 'GET',
      path: '/STU3/CommunicationRequest/000000090000',
      headers: await acting(token),
    }),
    more: [
      ...[...ADVICE_REQUESTS.values()]
        .filter((advice) => advice.providerOrg === 'RCD')
        .map((advice): [string, SpecOp['valid']] => [
          `UBRN ${advice.ubrn}`,
          async (token) => ({
            method: 'GET',
            path: `/STU3/CommunicationRequest/${advice.ubrn}`,
            headers: await acting(token),
          }),
        ]),
      [
        'an unknown UBRN (404)',
        async (token) => ({
          method: 'GET',
          path: '/STU3/CommunicationRequest/123456789012',
          headers: await acting(token),
        }),
      ],
      [
        'a referral’s UBRN (422 INVALID_REQUEST_TYPE)',
        async (token) => ({
          method: 'GET',
          path: '/STU3/CommunicationRequest/000000070000',
          headers: await acting(token),
        }),
      ],
      [
        'another organisation’s request (422 NO_RELATIONSHIP)',
        async (token) => ({
          method: 'GET',
          path: '/STU3/CommunicationRequest/000000090003',
          headers: await acting(token),
        }),
      ],
      [
        'a service provider admin (403)',
        async (token) => ({
          method: 'GET',
          path: '/STU3/CommunicationRequest/000000090000',
          headers: {
            authorization: `Bearer ${await token(SPA_USER)}`,
            'NHSD-End-User-Organisation-ODS': 'RCD',
            'NHSD-eRS-Business-Function': 'SERVICE_PROVIDER_ADMIN',
          },
        }),
      ],
    ],
  },
  {
    id: 'A024 versioned',
    specPath: '/STU3/CommunicationRequest/{ubrn}/_history/{version}',
    method: 'get',
    valid: async (token) => ({
      method: 'GET',
      path: '/STU3/CommunicationRequest/000000090000/_history/5',
      headers: await acting(token),
    }),
    more: [
      [
        'an old version (404)',
        async (token) => ({
          method: 'GET',
          path: '/STU3/CommunicationRequest/000000090000/_history/4',
          headers: await acting(token),
        }),
      ],
    ],
  },
  {
    id: 'A025',
    specPath: '/STU3/Communication',
    method: 'get',
    valid: async (token) => ({
      method: 'GET',
      path: conversationPath('000000090000', '5'),
      headers: await acting(token),
    }),
    more: [
      ...[...ADVICE_REQUESTS.values()]
        .filter((advice) => advice.providerOrg === 'RCD')
        .map((advice): [string, SpecOp['valid']] => [
          `UBRN ${advice.ubrn}`,
          async (token) => ({
            method: 'GET',
            path: conversationPath(advice.ubrn, '5'),
            headers: await acting(token),
          }),
        ]),
      [
        'an old version (404)',
        async (token) => ({
          method: 'GET',
          path: conversationPath('000000090000', '2'),
          headers: await acting(token),
        }),
      ],
      [
        'another organisation’s request (400 NO_RELATIONSHIP)',
        async (token) => ({
          method: 'GET',
          path: conversationPath('000000090003', '5'),
          headers: await acting(token),
        }),
      ],
      [
        'an _include the spec does not list (400)',
        async (token) => ({
          method: 'GET',
          path: `${conversationPath('000000090000', '5')}&_include=Communication:subject`,
          headers: await acting(token),
        }),
      ],
    ],
  },
  {
    id: 'A043',
    specPath: '/STU3/CommunicationRequest/{ubrn}/$ers.generateCRI',
    method: 'post',
    valid: async (token) => ({
      method: 'POST',
      path: '/STU3/CommunicationRequest/000000090000/$ers.generateCRI',
      headers: await acting(token),
    }),
    more: [
      [
        'a referral’s UBRN (422 INVALID_REQUEST_TYPE)',
        async (token) => ({
          method: 'POST',
          path: '/STU3/CommunicationRequest/000000070000/$ers.generateCRI',
          headers: await acting(token),
        }),
      ],
      [
        'an unknown UBRN (404)',
        async (token) => ({
          method: 'POST',
          path: '/STU3/CommunicationRequest/123456789012/$ers.generateCRI',
          headers: await acting(token),
        }),
      ],
    ],
  },
];

/** Requests every operation refuses the same way, built from its valid request. */
const SHARED: Array<
  [string, (valid: Request, token: (uid: string) => Promise<string>) => Promise<Request>]
> = [
  [
    'no token (401)',
    async (valid) => ({ ...valid, headers: without(valid.headers, 'authorization') }),
  ],
  [
    'an IAL2 user (401)',
    async (valid, token) => ({
      ...valid,
      headers: {
        ...valid.headers,
        authorization: `Bearer ${await token(JO)}`,
        'NHSD-End-User-Organisation-ODS': 'D82106',
        'NHSD-eRS-Business-Function': 'REFERRING_CLINICIAN',
      },
    }),
  ],
  [
    'a missing ODS header (400)',
    async (valid) => ({
      ...valid,
      headers: without(valid.headers, 'NHSD-End-User-Organisation-ODS'),
    }),
  ],
  [
    'an organisation the user has no role at (403)',
    async (valid) => ({
      ...valid,
      headers: { ...valid.headers, 'NHSD-End-User-Organisation-ODS': 'R69' },
    }),
  ],
];

/** The path with one query parameter taken out, the others kept as they were. */
function withoutQuery(path: string, name: string) {
  const [pathname, query = ''] = path.split('?') as [string, string?];
  const rest = query.split('&').filter((pair) => pair.split('=')[0] !== name);
  return rest.length > 0 ? `${pathname}?${rest.join('&')}` : pathname;
}

function without(headers: Record<string, string>, name: string) {
  return Object.fromEntries(
    Object.entries(headers).filter(([key]) => key.toLowerCase() !== name.toLowerCase()),
  );
}

/**
 * Refusals APIM's proxy makes (AssignMessage.AuthenticationOperationOutcomeErrorResponse and
 * friends): on STU3 paths their coding has no `display`, which the spec's STU3 schema requires,
 * and the 400 MISSING_HEADER is sent on operations whose spec lists no 400 (A004, A007).
 */
const APIM_DIAGNOSTICS = new Set([
  'Invalid Access Token',
  'Access Token expired',
  'Missing or Empty NHSD-End-User-Organisation-ODS header.',
  "We couldn't verify your identity. Contact your local Registration Authority or IT department for help.",
  'The authentication method utilised is not currently supported. Contact your local Registration Authority or IT department for help.',
  'ASID is not configured in the application',
]);
const APIM_BODIES = 'APIM proxy bodies';

type Seen = { op: string; name: string; status: number };
const coverage: Seen[] = [];

/** Checks one response against the spec; returns what was checked, for the coverage summary. */
async function checkResponse(op: SpecOp, name: string, response: Response, ersBaseUrl: string) {
  const status = response.status;
  const bytes = Buffer.from(await response.arrayBuffer());
  const where = `${op.id} ${name}: ${status}`;
  const specResponse = responseFor(op.specPath, op.method, status);
  const text = bytes.toString('utf8');
  const json = (() => {
    try {
      // The spec writes e-RS's base URL as a placeholder, and some schemas enumerate it.
      return text ? (JSON.parse(text.split(ersBaseUrl).join('_baseurl_')) as unknown) : undefined;
    } catch {
      return undefined;
    }
  })();
  const diagnostics = (json as { issue?: Array<{ diagnostics?: string }> } | undefined)?.issue?.[0]
    ?.diagnostics;
  const fromApim = diagnostics !== undefined && APIM_DIAGNOSTICS.has(diagnostics);
  coverage.push({ op: op.id, name, status });

  if (!specResponse) {
    // Only APIM's MISSING_HEADER may answer with a status the operation's spec does not list.
    expect(fromApim && status === 400, `${where} is not in the spec`).toBe(true);
    checkStu3OrR4Outcome(op, json, where, true);
    return;
  }
  for (const header of requiredResponseHeaders(specResponse)) {
    expect(response.headers.has(header), `${where} lacks the ${header} header`).toBe(true);
  }
  const content = specResponse.content ?? {};
  const mediaTypes = Object.keys(content);
  if (mediaTypes.length === 0) {
    if (status === 429 || status === 307) {
      expect(text, `${where} should have no body`).toBe('');
    } else {
      // No body in the spec (STU3 400/404/500): e-RS sends an eRS-OperationOutcome-1.
      checkStu3OrR4Outcome(op, json, where, fromApim);
    }
    return;
  }
  const contentType = response.headers.get('content-type') ?? '';
  expect(mediaTypes, `${where} content type ${contentType}`).toContain(contentType);
  if (contentType === 'application/pdf') {
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    return;
  }
  if (contentType.startsWith('text/plain')) return;
  const pointer = schemaPointer(op.specPath, op.method, status)!;
  expectValid(
    pointer,
    status === 200 && op.knownIssue ? op.knownIssue(json) : json,
    where,
    fromApim,
  );
  if (status === 401 || status === 429) {
    expectLikeExample(content[contentType] as { example?: unknown } | undefined, json, where);
  }
}

type OutcomeIssue = {
  code?: string;
  details?: { coding?: Array<{ system?: string; code?: string }> };
};
const firstIssue = (body: unknown) => (body as { issue?: OutcomeIssue[] } | undefined)?.issue?.[0];

/**
 * The schema cannot tell one code system from another: a 401 or 429 must carry the coding of the
 * spec's own example for that response (401: issue code `login` or `forbidden`, as its table says).
 */
function expectLikeExample(media: { example?: unknown } | undefined, json: unknown, where: string) {
  const expected = firstIssue(media?.example);
  expect(expected, `${where}: the spec has an example`).toBeDefined();
  const actual = firstIssue(json);
  const codings = (issue: OutcomeIssue | undefined) =>
    issue?.details?.coding?.map(({ system, code }) => ({ system, code }));
  expect(codings(actual), `${where} coding`).toEqual(codings(expected));
  const allowed = expected!.code === 'login' ? ['login', 'forbidden'] : [expected!.code];
  expect(allowed, `${where} issue code`).toContain(actual?.code);
}

function checkStu3OrR4Outcome(op: SpecOp, json: unknown, where: string, fromApim: boolean) {
  const pointer = op.specPath.startsWith('/R4/')
    ? '/components/schemas/NHSDigital-OperationOutcome'
    : '/components/schemas/STU3-OperationOutcome';
  expectValid(pointer, json, where, fromApim);
}

function expectValid(pointer: string, json: unknown, where: string, fromApim: boolean) {
  const validate = validatorFor(`#${pointer}`);
  if (validate(json)) return;
  const errors = validate.errors ?? [];
  if (fromApim) {
    // APIM's proxy sends STU3 codings without `display`; nothing else may differ.
    const others = errors.filter(
      (error) =>
        !(
          error.keyword === 'required' &&
          (error.params as { missingProperty?: string }).missingProperty === 'display' &&
          /^\/issue\/0\/details\/coding\/0$/.test(error.instancePath)
        ),
    );
    expect(others, `${where} (${APIM_BODIES}): ${describeErrors(others)}`).toEqual([]);
    return;
  }
  expect.fail(`${where} does not match ${pointer}: ${describeErrors(errors)}`);
}

describe('fixtures against the spec', () => {
  it.each([...REFERRALS.keys()])('ReferralRequest %s validates as eRS-ReferralRequest', (ubrn) => {
    const validate = validatorFor('#/components/schemas/eRS-ReferralRequest');
    const valid = validate(REFERRALS.get(ubrn)!.resource);
    expect(valid, describeErrors(validate.errors)).toBe(true);
  });

  it.each([...HEALTHCARE_SERVICES.keys()])(
    'HealthcareService %s validates as eRS-HealthcareService',
    (id) => {
      const validate = validatorFor('#/components/schemas/eRS-HealthcareService');
      const valid = validate(HEALTHCARE_SERVICES.get(id));
      expect(valid, describeErrors(validate.errors)).toBe(true);
    },
  );

  it.each([...ADVICE_REQUESTS.keys()])(
    'A&G request %s validates as eRS-CommunicationRequest, its conversation as A025 answers',
    (ubrn) => {
      const advice = ADVICE_REQUESTS.get(ubrn)!;
      const request = validatorFor('#/components/schemas/eRS-CommunicationRequest');
      expect(request(advice.resource), describeErrors(request.errors)).toBe(true);
      const bundle = validatorFor('#/components/schemas/AdviceAndGuidanceCommunicationBundle');
      expect(bundle(advice.conversation), describeErrors(bundle.errors)).toBe(true);
    },
  );

  it.each([...CODE_SYSTEMS.keys()])('CodeSystem %s validates as CodeSystem', (type) => {
    const validate = validatorFor('#/components/schemas/CodeSystem');
    expect(validate(CODE_SYSTEMS.get(type)), describeErrors(validate.errors)).toBe(true);
  });

  it('covers every referral state, priority and attachment availability, and a related referral', () => {
    const text = JSON.stringify([...REFERRALS.values()].map((referral) => referral.resource));
    for (const code of [
      'APPT_CANCELLED_BY_PATIENT',
      'APPT_CANCELLED_BY_PROVIDER',
      'ASSESSMENT_RESULT',
      'AWAITING_TRIAGE',
      'BOOKED',
      'CANCELLED_REFERRAL',
      'DEFERRED_TO_PROVIDER',
      'DID_NOT_ATTEND',
      'NOT_BOOKED',
      'REJECTED',
      'TRIAGE_RESPONSE',
      'TRIAGED_PROVIDER_TO_ACTION',
      'ROUTINE',
      'URGENT',
      'TWO_WEEK_WAIT',
      'AVAILABLE',
      'PENDING',
      'THREATS_FOUND',
      'VALIDATION_FAILED',
    ]) {
      expect(text, code).toContain(`"code":"${code}"`);
    }
    expect(text).toContain('"reference":"ReferralRequest/');
  });
});

describe('stand-in responses against the spec', () => {
  let h: Harness;
  let limited: Harness;
  let noAsid: Harness;
  beforeAll(async () => {
    [h, limited, noAsid] = await Promise.all([
      startHarness(),
      startHarness({ rateLimitPerSecond: 0 }),
      startHarness({ app: { asid: null } }),
    ]);
  });
  afterAll(() => Promise.all([h.close(), limited.close(), noAsid.close()]));

  const send = (harness: Harness, request: Request) =>
    fetch(`${harness.standin.ersBaseUrl}${request.path}`, {
      method: request.method,
      headers: request.headers,
      redirect: 'manual',
      ...(request.body !== undefined ? { body: request.body } : {}),
    });

  describe.each(OPS)('$id', (op) => {
    it('answers the valid request, and every other case, as the spec documents', async () => {
      const token = (uid: string) => h.accessTokenFor(uid);
      const valid = await op.valid(token);
      const ok = await send(h, valid);
      expect(ok.status).toBeLessThan(400);
      await checkResponse(op, 'valid', ok, h.standin.ersBaseUrl);
      for (const [name, build] of op.more ?? []) {
        await checkResponse(op, name, await send(h, await build(token)), h.standin.ersBaseUrl);
      }
      for (const [name, build] of SHARED) {
        if (op.id === 'A030' && name.includes('ODS')) continue;
        await checkResponse(
          op,
          name,
          await send(h, await build(valid, token)),
          h.standin.ersBaseUrl,
        );
      }
      for (const status of [503, 500]) {
        h.standin.faults.enqueue({
          operation: op.id.split(' ')[0] as 'A005',
          status,
          retryAfter: '3',
        });
        await checkResponse(op, `fault ${status}`, await send(h, valid), h.standin.ersBaseUrl);
      }
      const limitedToken = (uid: string) => limited.accessTokenFor(uid);
      const throttled = await send(limited, await op.valid(limitedToken));
      expect(throttled.status).toBe(429);
      await checkResponse(op, 'rate limited', throttled, limited.standin.ersBaseUrl);
      const withoutAsid = await send(noAsid, await op.valid((uid) => noAsid.accessTokenFor(uid)));
      expect(withoutAsid.status).toBe(403);
      await checkResponse(op, 'app without ASID', withoutAsid, noAsid.standin.ersBaseUrl);
    });

    it('refuses a request without each header or query parameter the spec requires', async () => {
      const valid = await op.valid((uid) => h.accessTokenFor(uid));
      const required = parametersOf(op.specPath, op.method).filter(
        (parameter) =>
          (parameter.in === 'header' || parameter.in === 'query') &&
          (parameter.required === true ||
            /Required for user-restricted access\.\s*$/.test(parameter.description ?? '')),
      );
      expect(required.length).toBeGreaterThan(0);
      for (const parameter of required) {
        const request =
          parameter.in === 'header'
            ? { ...valid, headers: without(valid.headers, parameter.name) }
            : { ...valid, path: withoutQuery(valid.path, parameter.name) };
        const response = await send(h, request);
        expect(response.status, `${op.id} without ${parameter.name}`).toBeGreaterThanOrEqual(400);
        await checkResponse(op, `without ${parameter.name}`, response, h.standin.ersBaseUrl);
      }
    });
  });

  it('produced every status each operation documents that the stand-in can give', () => {
    const statuses = (id: string) =>
      [...new Set(coverage.filter((s) => s.op === id).map((s) => s.status))].sort();
    expect(statuses('A005')).toEqual([200, 400, 401, 403, 404, 422, 429, 500, 503]);
    expect(statuses('A042')).toEqual([307, 400, 401, 403, 404, 422, 429, 500, 503]);
    expect(statuses('A008')).toEqual([200, 400, 401, 403, 415, 422, 429, 500, 503]);
    expect(statuses('A030')).toEqual([200, 401, 403, 429, 500, 503]);
    expect(statuses('A040')).toEqual([200, 400, 401, 403, 429, 500, 503]);
    expect(statuses('A023')).toEqual([200, 400, 401, 403, 415, 422, 429, 500, 503]);
    expect(statuses('A024')).toEqual([200, 400, 401, 403, 404, 422, 429, 500, 503]);
    expect(statuses('A025')).toEqual([200, 400, 401, 403, 404, 429, 500, 503]);
    expect(statuses('A043')).toEqual([200, 400, 401, 403, 404, 422, 429, 500, 503]);
    expect(statuses('A029')).toEqual([200, 400, 401, 403, 429, 500, 503]);
    expect(statuses('A033')).toEqual([200, 400, 401, 403, 404, 429, 500, 503]);
  });
});
