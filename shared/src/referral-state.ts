/**
 * The e-RS referral state, one mapper for both places it arrives: A005 (`Extension-eRS-
 * ReferralState-1`) spells the cancelled states `APPT_CANCELLED_BY_...`, the worklists (A008)
 * spell them `APP_CANCELLED_BY_...`. We keep A005's spelling, the documented state list, so the
 * SPA sees one code per state whichever endpoint it came from.
 */
import type { Coding } from './ers-fhir';
import { labelFromCode, type CodedValue } from './coded-value';

export const REFERRAL_STATES = [
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
] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

/** Words clinicians see; one map, so local wording is a one-line change. */
export const REFERRAL_STATE_LABELS: Record<ReferralState, string> = {
  APPT_CANCELLED_BY_PATIENT: 'Appointment cancelled by patient',
  APPT_CANCELLED_BY_PROVIDER: 'Appointment cancelled by provider',
  ASSESSMENT_RESULT: 'Assessment result',
  AWAITING_TRIAGE: 'Awaiting triage',
  BOOKED: 'Booked',
  CANCELLED_REFERRAL: 'Referral cancelled',
  DEFERRED_TO_PROVIDER: 'Deferred to provider',
  DID_NOT_ATTEND: 'Did not attend',
  NOT_BOOKED: 'Not booked',
  REJECTED: 'Rejected',
  TRIAGE_RESPONSE: 'Triage response',
  TRIAGED_PROVIDER_TO_ACTION: 'Triaged, provider to action',
};

const isKnownState = (code: string): code is ReferralState =>
  (REFERRAL_STATES as readonly string[]).includes(code);

/** `APP_CANCELLED_BY_PATIENT` (worklists) -> `APPT_CANCELLED_BY_PATIENT` (A005). */
export function normaliseReferralStateCode(code: string): string {
  return code.replace(/^APP_CANCELLED_BY_/, 'APPT_CANCELLED_BY_');
}

/**
 * The state as the SPA shows it. A code e-RS adds later passes through with its own display, so
 * a new state is shown rather than refused.
 */
export function toReferralState(coding: Coding | undefined): CodedValue | null {
  if (!coding?.code) return null;
  const code = normaliseReferralStateCode(coding.code);
  return {
    code,
    label: isKnownState(code)
      ? REFERRAL_STATE_LABELS[code]
      : (coding.display ?? labelFromCode(code)),
  };
}
