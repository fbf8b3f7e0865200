/**
 * A008 `POST /STU3/ReferralRequest/$ers.fetchworklist`: a FHIR Parameters body naming a
 * `listType`; the answer is an eRS-FetchWorklist-List of the referrals (visible to the acting
 * organisation) that belong on that list, with the list's own item extension, shaped like the
 * spec's examples. Provider lists (REFERRALS_FOR_REVIEW, APPOINTMENT_SLOT_ISSUES) are for
 * SPC/SPCA/SPA, referrer lists for RC/RCA/RA, as the spec's pre-requisites say. Filters are only
 * accepted on provider lists, at most once each, in their schema's shapes (see `readFilters`), and
 * applied to the fixtures: `service` (the shortlisted service), `specialty` and its indicator,
 * `location` (the provider organisation), `clinician` and its indicator (the clinician allocated
 * to the referral's appointment, the A005 examples' CON participant, as the A008 examples'
 * `allocatedClinician`).
 */
import { referralFacts, type ReferralFacts } from '@ers/fixtures';
import {
  WORKLISTS,
  isWorklistType,
  worklistReferrals,
  type WorklistType,
} from '@ers/fixtures/worklists';
import { stu3Outcome } from '../outcomes';
import { PROVIDER_FUNCTIONS, REFERRER_FUNCTIONS } from '../rules';
import { fetchWorklistParameters } from './fetch-worklist-body';
import type { Operation, OperationResponse } from './types';

const LIST_SELECTOR = 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReferralListSelector-1';
const SD = 'https://fhir.nhs.uk/STU3/StructureDefinition/';

/** Each list's item extension. Which referrals a list holds is fixture data (WORKLISTS). */
const ITEM_URL: Record<WorklistType, string> = {
  REFERRALS_FOR_REVIEW: `${SD}Extension-eRS-ReferralsforReview-WorkListItem-1`,
  APPOINTMENT_SLOT_ISSUES: `${SD}Extension-eRS-AppointmentSlotIssues-WorkListItem-1`,
  REJECTED_TRIAGE_RESPONSE: `${SD}Extension-eRS-RejectedTriageResponse-WorkListItem-1`,
  ASSESSMENT_RETURNED_CANCELLED_DNA: `${SD}Extension-eRS-AssessmentReturnedCancelledDna-WorkListItem-1`,
  AWAITING_BOOKING: `${SD}Extension-eRS-AwaitingBooking-WorkListItem-1`,
  LETTERS_OUTSTANDING: `${SD}Extension-eRS-LettersOutstanding-WorkListItem-1`,
};

const PROVIDER_FILTERS = new Set([
  'service',
  'specialtyAssignedIndicator',
  'specialty',
  'location',
  'clinicianAssignedIndicator',
  'clinician',
]);

/** Worklists spell the appointment-cancelled states APP_..., A005 spells them APPT_... */
const WORKLIST_STATE: Record<string, [string, string]> = {
  REJECTED: ['REJECTED', 'Rejected'],
  ASSESSMENT_RESULT: ['ASSESSMENT_RESULT', 'Assessment result'],
  CANCELLED_REFERRAL: ['CANCELLED_REFERRAL', 'Cancelled referral'],
  DID_NOT_ATTEND: ['DID_NOT_ATTEND', 'Did not attend'],
  NOT_BOOKED: ['NOT_BOOKED', 'Not booked'],
  BOOKED: ['BOOKED', 'Booked'],
  AWAITING_TRIAGE: ['AWAITING_TRIAGE', 'Awaiting triage'],
  DEFERRED_TO_PROVIDER: ['DEFERRED_TO_PROVIDER', 'Deferred to provider'],
  APPT_CANCELLED_BY_PROVIDER: ['APP_CANCELLED_BY_PROVIDER', 'Appointment cancelled by provider'],
  APPT_CANCELLED_BY_PATIENT: ['APP_CANCELLED_BY_PATIENT', 'Appointment cancelled by patient'],
  TRIAGED_PROVIDER_TO_ACTION: ['TRIAGED_PROVIDER_TO_ACTION', 'Triaged - provider to action'],
  TRIAGE_RESPONSE: ['TRIAGE_RESPONSE', 'Triage Response'],
};

/** The reason code systems the spec allows on each referrer list's items. */
const REASON_SYSTEM: Partial<Record<WorklistType, string>> = {
  REJECTED_TRIAGE_RESPONSE: 'APPOINTMENT-CANCELLATION-REASON',
  ASSESSMENT_RETURNED_CANCELLED_DNA: 'REFERRAL-CANCELLATION-REASON',
  AWAITING_BOOKING: 'APPOINTMENT-CANCELLATION-REASON',
};

/** The referrer on every fixture (the spec examples' referring clinician). */
const REFERRER_ID = '021600556514';

const coding = (system: string, code: string, display?: string) => ({
  coding: [{ system, code, ...(display ? { display } : {}) }],
});
const patientByNhsNumber = (nhsNumber: string) => ({
  url: 'patient',
  valueReference: { identifier: { system: 'http://fhir.nhs.net/Id/nhs-number', value: nhsNumber } },
});
const priority = (f: ReferralFacts) => ({
  url: 'priority',
  valueCodeableConcept: coding('https://fhir.nhs.uk/STU3/CodeSystem/eRS-Priority-1', f.priority),
});
const specialty = (f: ReferralFacts, base: string) => ({
  url: 'specialty',
  valueCodeableConcept: coding(`${base}/STU3/CodeSystem/SPECIALTY`, f.specialty),
});
const service = (f: ReferralFacts) =>
  f.service
    ? [
        {
          url: 'service',
          valueReference: {
            identifier: { system: 'http://fhir.nhs.net/Id/ers-service', value: f.service.id },
            display: f.service.name,
          },
        },
      ]
    : [];

function itemExtensions(list: WorklistType, f: ReferralFacts, base: string): unknown[] {
  switch (list) {
    case 'REFERRALS_FOR_REVIEW':
      return [
        priority(f),
        specialty(f, base),
        { url: 'patient', valueReference: { reference: `#Patient-${f.nhsNumber}` } },
        ...(f.allocatedClinician
          ? [
              {
                url: 'allocatedClinician',
                valueReference: { reference: `#Practitioner-${f.allocatedClinician}` },
              },
            ]
          : []),
        { url: 'eReferralPathwayStart', valueDateTime: f.pathwayStart },
        { url: 'clinicalInfoPrinted', valueBoolean: false },
        {
          url: 'requestContextStatus',
          valueCodeableConcept: coding(
            'https://fhir.nhs.uk/STU3/CodeSystem/eRS-RequestContextStatus-1',
            'NEVER_REVIEWED',
            'Never Reviewed',
          ),
        },
        ...(f.clinicalInfoFirstSubmitted
          ? [{ url: 'clinicalInfoFirstSubmitted', valueDateTime: f.clinicalInfoFirstSubmitted }]
          : []),
        ...(f.appointmentStart
          ? [{ url: 'appointmentStart', valueDateTime: f.appointmentStart }]
          : []),
        {
          url: 'referralType',
          valueCodeableConcept: coding(
            'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReferralType-1',
            f.state === 'AWAITING_TRIAGE' ? 'TRIAGE_DEFERRAL' : 'APPOINTMENT',
          ),
        },
        ...service(f),
        { url: 'referralRequestVersion', valueInteger: Number(f.version) },
      ];
    case 'APPOINTMENT_SLOT_ISSUES':
      return [
        priority(f),
        specialty(f, base),
        patientByNhsNumber(f.nhsNumber),
        { url: 'eReferralPathwayStart', valueDateTime: f.pathwayStart },
        { url: 'clinicalInfoPrinted', valueBoolean: false },
        { url: 'ubrnReceived', valueDateTime: f.pathwayStart },
        {
          url: 'clinicalInformationStatus',
          valueCodeableConcept: coding(
            'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ClinicalInformationStatus-1',
            f.clinicalInfoFirstSubmitted ? 'PRESENT' : 'NOT_DUE',
          ),
        },
        ...(f.reason?.system === 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReviewReason-1'
          ? [
              {
                url: 'reason',
                valueCodeableConcept: coding(f.reason.system, f.reason.code ?? ''),
              },
            ]
          : []),
        ...service(f),
      ];
    default: {
      const [stateCode, stateDisplay] = WORKLIST_STATE[f.state] ?? [f.state, f.state];
      const common = [
        patientByNhsNumber(f.nhsNumber),
        priority(f),
        { url: 'referralCreated', valueDateTime: f.pathwayStart },
        { url: 'clinicalContext', valueString: f.specialty },
        {
          url: 'referrer',
          valueReference: {
            identifier: { system: 'http://fhir.nhs.net/Id/sds-user-id', value: REFERRER_ID },
          },
        },
      ];
      if (list === 'LETTERS_OUTSTANDING') {
        return [...common, { url: 'letterDue', valueDate: f.pathwayStart.slice(0, 10) }];
      }
      const reasonSystem = REASON_SYSTEM[list];
      const reason =
        reasonSystem && f.reason?.system?.endsWith(`/STU3/CodeSystem/${reasonSystem}`)
          ? [
              {
                url: 'reason',
                valueCodeableConcept: coding(
                  `${base}/STU3/CodeSystem/${reasonSystem}`,
                  f.reason.code ?? '',
                  f.reason.display ?? f.reason.code ?? '',
                ),
              },
            ]
          : [];
      return [
        ...common,
        { url: 'referralLastUpdated', valueDateTime: f.pathwayStart },
        {
          url: 'status',
          valueCodeableConcept: coding(
            'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReferralState-1',
            stateCode,
            stateDisplay,
          ),
        },
        ...reason,
      ];
    }
  }
}

type Parameter = {
  name?: unknown;
  valueCodeableConcept?: { coding?: Array<{ system?: unknown; code?: unknown }> };
  valueIdentifier?: { system?: unknown; value?: unknown };
};

type Filters = {
  service?: string;
  specialtyAssignedIndicator?: string;
  specialty?: string;
  location?: string;
  clinicianAssignedIndicator?: string;
  clinician?: string;
};

const ASSIGNED_INDICATOR = 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-AssignedIndicator-1';
/** What each identifier filter's `valueIdentifier` must carry. */
const IDENTIFIERS: Record<string, { system: string; value: RegExp }> = {
  service: { system: 'http://fhir.nhs.net/Id/ers-service', value: /^\d+$/ },
  location: {
    system: 'https://directory.spineservices.nhs.uk/STU3/Organization',
    value: /^[A-Z0-9]+$/,
  },
  clinician: { system: 'http://fhir.nhs.net/Id/sds-user-id', value: /^\d{12}$/ },
};

/** The filters, or the 422 e-RS answers for a malformed one. */
function readFilters(given: Parameter[], listType: string): Filters | OperationResponse {
  const filters: Record<string, string> = {};
  for (const filter of given) {
    const name = String(filter.name);
    if (!PROVIDER_FILTERS.has(name)) {
      return unprocessable(
        'UNEXPECTED_FIELD',
        'Unexpected field',
        `'${name}' is not a filter of the ${listType} worklist.`,
      );
    }
    if (name in filters) {
      return unprocessable(
        'INVALID_FHIR_STRUCTURE',
        'Invalid FHIR structure',
        `'${name}' may be given once.`,
      );
    }
    const identifier = IDENTIFIERS[name];
    if (identifier) {
      const { system, value } = filter.valueIdentifier ?? {};
      if (typeof system !== 'string' || typeof value !== 'string') {
        return unprocessable(
          'INVALID_FHIR_STRUCTURE',
          'Invalid FHIR structure',
          `'${name}' needs a valueIdentifier with a system and a value.`,
        );
      }
      if (system !== identifier.system || !identifier.value.test(value)) {
        return unprocessable('INVALID_VALUE', 'Invalid value', `'${name}' (${value}) is invalid.`);
      }
      filters[name] = value;
      continue;
    }
    const codings = filter.valueCodeableConcept?.coding;
    const { system, code } = codings?.[0] ?? {};
    if (codings?.length !== 1 || typeof system !== 'string' || typeof code !== 'string') {
      return unprocessable(
        'INVALID_FHIR_STRUCTURE',
        'Invalid FHIR structure',
        `'${name}' needs a valueCodeableConcept with one coding.`,
      );
    }
    const valid =
      name === 'specialty'
        ? system.endsWith('/STU3/CodeSystem/SPECIALTY') && /^[A-Z0-9_-]+$/.test(code)
        : system === ASSIGNED_INDICATOR && (code === 'ASSIGNED' || code === 'NOT_ASSIGNED');
    if (!valid) {
      return unprocessable(
        'INVALID_CODE',
        'Invalid code',
        `'${name}' (${code}) is not a valid code.`,
      );
    }
    filters[name] = code;
  }
  if (filters.specialty && filters.specialtyAssignedIndicator === 'NOT_ASSIGNED') {
    return unprocessable(
      'INVALID_VALUE',
      'Invalid value',
      "'specialty' needs 'specialtyAssignedIndicator' ASSIGNED.",
    );
  }
  if (filters.clinician && filters.clinicianAssignedIndicator !== 'ASSIGNED') {
    return filters.clinicianAssignedIndicator
      ? unprocessable(
          'INVALID_VALUE',
          'Invalid value',
          "'clinician' needs 'clinicianAssignedIndicator' ASSIGNED.",
        )
      : unprocessable(
          'MISSING_VALUE',
          'Missing value',
          "'clinicianAssignedIndicator' is mandatory with 'clinician'.",
        );
  }
  return filters;
}

/** Whether a referral (provider org, facts) passes the filters. */
function passes(filters: Filters, providerOrg: string, f: ReferralFacts): boolean {
  if (filters.service !== undefined && f.service?.id !== filters.service) return false;
  if (filters.specialtyAssignedIndicator === 'NOT_ASSIGNED') return false; // all have one
  if (filters.specialty !== undefined && f.specialty !== filters.specialty) return false;
  if (filters.location !== undefined && providerOrg !== filters.location) return false;
  const assigned = f.allocatedClinician !== undefined;
  if (filters.clinicianAssignedIndicator === 'ASSIGNED' && !assigned) return false;
  if (filters.clinicianAssignedIndicator === 'NOT_ASSIGNED' && assigned) return false;
  if (filters.clinician !== undefined && f.allocatedClinician !== filters.clinician) return false;
  return true;
}

const unprocessable = (code: string, display: string, diagnostics: string) =>
  stu3Outcome(422, code === 'INVALID_CODE' ? 'code-invalid' : 'value', code, display, diagnostics);

export const a008: Operation = {
  id: 'A008',
  method: 'POST',
  pattern: /^\/STU3\/ReferralRequest\/\$ers\.fetchworklist$/,
  flavour: 'STU3',
  businessFunctions: new Set([...PROVIDER_FUNCTIONS, ...REFERRER_FUNCTIONS]),
  onBehalfOfRequiredForSpca: true,
  handle({ headers, body, acting, errors, ersBaseUrl }): OperationResponse {
    const read = fetchWorklistParameters({ headers, body });
    if (!read.ok) return read.response;
    const given = read.parameters as Parameter[];
    const listTypeParameter = given.find((p) => p.name === 'listType');
    const listType = listTypeParameter?.valueCodeableConcept?.coding?.[0]?.code;
    if (typeof listType !== 'string') {
      return unprocessable('MISSING_VALUE', 'Missing value', "'listType' is mandatory.");
    }
    if (!isWorklistType(listType)) {
      return unprocessable(
        'INVALID_CODE',
        'Invalid code',
        `'listType' (${listType}) is not a ${LIST_SELECTOR} code.`,
      );
    }
    const { side } = WORKLISTS[listType];
    const sideFunctions = side === 'provider' ? PROVIDER_FUNCTIONS : REFERRER_FUNCTIONS;
    if (!acting || !sideFunctions.has(acting.businessFunction)) {
      return errors.forbidden(
        `The logged in user is not authorised to perform the requested action (Business Function (${acting?.businessFunction}) cannot retrieve the ${listType} worklist).`,
      );
    }
    const filterParameters = given.filter((p) => p !== listTypeParameter);
    if (side === 'referrer' && filterParameters.length > 0) {
      return unprocessable(
        'UNEXPECTED_FIELD',
        'Unexpected field',
        `'${String(filterParameters[0]!.name)}' is not a filter of the ${listType} worklist.`,
      );
    }
    const filters = readFilters(filterParameters, listType);
    if ('status' in filters) return filters as OperationResponse;

    // Acting with one of the list's business functions, the referrals the acting organisation
    // has a legitimate relationship with (rules.ts) are those on its side of the list.
    const facts = worklistReferrals(listType, acting.odsCode)
      .map((referral) => ({ providerOrg: referral.providerOrg, facts: referralFacts(referral) }))
      .filter(({ providerOrg, facts: f }) => passes(filters, providerOrg, f))
      .map(({ facts: f }) => f);
    const entries = facts.map((f) => ({
      extension: [{ extension: itemExtensions(listType, f, ersBaseUrl), url: ITEM_URL[listType] }],
      item: { reference: `ReferralRequest/${f.ubrn}` },
    }));
    // As the spec's example: the allocated clinicians, then the patients, each once.
    const contained =
      listType === 'REFERRALS_FOR_REVIEW'
        ? [
            ...[...new Set(facts.flatMap((f) => f.allocatedClinician ?? []))].map((userId) => ({
              id: `Practitioner-${userId}`,
              meta: {
                profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/eRS-Practitioner-1'],
              },
              resourceType: 'Practitioner',
              identifier: [{ system: 'http://fhir.nhs.net/Id/sds-user-id', value: userId }],
            })),
            ...[...new Set(facts.map((f) => f.nhsNumber))].map((nhsNumber) => ({
              id: `Patient-${nhsNumber}`,
              meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/eRS-Patient-1'] },
              resourceType: 'Patient',
              identifier: [{ system: 'http://fhir.nhs.net/Id/nhs-number', value: nhsNumber }],
            })),
          ]
        : [];
    return {
      status: 200,
      body: {
        meta: {
          profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/eRS-FetchWorklist-List-1'],
        },
        resourceType: 'List',
        ...(contained.length > 0 ? { contained } : {}),
        status: 'current',
        mode: 'snapshot',
        entry: entries,
      },
    };
  },
};
