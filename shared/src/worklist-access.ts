/**
 * Which worklists e-RS gives which business function (the pre-requisites of A008 and A023), and
 * the lists' names: plain constants and checks, without schemas, so that what every signed-in
 * page draws (the header's navigation, a referral's "Back to <list>") does not build the worklist
 * schemas at start-up.
 */
import type { BusinessFunction } from './bff-contract';

/** A008 `listType` codes (eRS-ReferralListSelector-1); the BFF route takes them as they are. */
export const WORKLIST_TYPES = [
  'REFERRALS_FOR_REVIEW',
  'APPOINTMENT_SLOT_ISSUES',
  'REJECTED_TRIAGE_RESPONSE',
  'ASSESSMENT_RETURNED_CANCELLED_DNA',
  'AWAITING_BOOKING',
  'LETTERS_OUTSTANDING',
] as const;
export type WorklistType = (typeof WORKLIST_TYPES)[number];

const PROVIDER: readonly BusinessFunction[] = [
  'SERVICE_PROVIDER_CLINICIAN',
  'SERVICE_PROVIDER_CLINICIAN_ADMIN',
  'SERVICE_PROVIDER_ADMIN',
];
const REFERRER: readonly BusinessFunction[] = [
  'REFERRING_CLINICIAN',
  'REFERRING_CLINICIAN_ADMIN',
  'REFERRING_ADMIN',
];

/** Who may ask for which list (the A008 pre-requisites); anyone else is refused before e-RS. */
export const WORKLIST_BUSINESS_FUNCTIONS: Record<WorklistType, readonly BusinessFunction[]> = {
  REFERRALS_FOR_REVIEW: PROVIDER,
  APPOINTMENT_SLOT_ISSUES: PROVIDER,
  REJECTED_TRIAGE_RESPONSE: REFERRER,
  ASSESSMENT_RETURNED_CANCELLED_DNA: REFERRER,
  AWAITING_BOOKING: REFERRER,
  LETTERS_OUTSTANDING: REFERRER,
};

export const WORKLIST_LABELS: Record<WorklistType, string> = {
  REFERRALS_FOR_REVIEW: 'Referrals for review',
  APPOINTMENT_SLOT_ISSUES: 'Appointment slot issues',
  REJECTED_TRIAGE_RESPONSE: 'Rejected and triage responses',
  ASSESSMENT_RETURNED_CANCELLED_DNA: 'Assessment returned, cancelled or did not attend',
  AWAITING_BOOKING: 'Awaiting booking',
  LETTERS_OUTSTANDING: 'Letters outstanding',
};

export function isWorklistType(value: string | null | undefined): value is WorklistType {
  return (WORKLIST_TYPES as readonly string[]).includes(value ?? '');
}

/** The worklists e-RS lets this business function ask for, in the order above. */
export function worklistTypesFor(businessFunction: BusinessFunction): WorklistType[] {
  return WORKLIST_TYPES.filter((listType) =>
    WORKLIST_BUSINESS_FUNCTIONS[listType].includes(businessFunction),
  );
}

/** A023's one list type (eRS-CommunicationListSelector-1), also naming its rows' patients. */
export const ADVICE_WORKLIST_TYPE = 'ADVICE_AND_GUIDANCE_REQUESTS';
export type AdviceWorklistType = typeof ADVICE_WORKLIST_TYPE;

/** A023's pre-requisites: the provider business functions; referrers have no A&G worklist. */
export const ADVICE_WORKLIST_BUSINESS_FUNCTIONS: readonly BusinessFunction[] = [
  'SERVICE_PROVIDER_CLINICIAN',
  'SERVICE_PROVIDER_ADMIN',
  'SERVICE_PROVIDER_CLINICIAN_ADMIN',
];

export function hasAdviceWorklist(businessFunction: BusinessFunction): boolean {
  return ADVICE_WORKLIST_BUSINESS_FUNCTIONS.includes(businessFunction);
}
