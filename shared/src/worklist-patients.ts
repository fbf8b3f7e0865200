/**
 * `GET /api/worklists/{listType}/patients?ubrn=...`: who the worklist's referrals are about, by
 * name and date of birth from PDS, for a few rows at a time. The worklist itself never waits for
 * this: rows show from e-RS A008 at once and the names fill in as these answers arrive.
 *
 * The browser names rows by UBRN, never by NHS number: the BFF looks up only the NHS numbers of
 * worklists it served this session (in this acting context, on this list type), so it cannot be
 * used to browse PDS. Each row's answer is strict: a name and date of birth at most, never an
 * address, even for an unrestricted record (a row has no room for it, and what is not sent cannot
 * leak).
 */
import { z } from 'zod';
import { PARTIAL_DATE_PATTERN, type PatientBanner } from './patient';
import { UBRN_PATTERN } from './ubrn';

/**
 * Rows per request. PDS allows an application 5 requests a second, which every clinician shares:
 * five rows is one second of it, so a list fills in a second at a time and never queues long.
 */
export const WORKLIST_PATIENTS_PER_REQUEST = 5;

const ubrn = z.string().regex(UBRN_PATTERN);

/** Why a row shows its NHS number alone; the SPA says it in a few plain words, or not at all. */
export const WORKLIST_PATIENT_UNSHOWN = [
  /** PDS has no record for the number. */
  'not_found',
  /** PDS's record for the number was invalidated. */
  'invalidated',
  /** The number fails the NHS number check: PDS was not asked. */
  'invalid_nhs_number',
  /** A very restricted record (V): PDS may give no name or date of birth. */
  'restricted',
  /** PDS busy (its limit reached), unreachable or refusing: trying later may work. */
  'unavailable',
  /** No PDS in this environment. */
  'not_configured',
  /** The row has no NHS number. */
  'no_nhs_number',
] as const;
export type WorklistPatientUnshown = (typeof WORKLIST_PATIENT_UNSHOWN)[number];

export const WorklistPatientSchema = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('found'),
    ubrn,
    name: z
      .strictObject({
        prefix: z.array(z.string()),
        given: z.array(z.string()),
        family: z.string().nullable(),
        suffix: z.array(z.string()),
      })
      .nullable(),
    birthDate: z.string().regex(PARTIAL_DATE_PATTERN).nullable(),
    /** A restricted record (R): its name and date of birth may show, nothing more. */
    restricted: z.boolean(),
    /** PDS answered with another number: the referral's was superseded, and this is current. */
    currentNhsNumber: z.string().nullable(),
  }),
  z.strictObject({
    status: z.literal('not_shown'),
    ubrn,
    reason: z.enum(WORKLIST_PATIENT_UNSHOWN),
  }),
]);
export type WorklistPatient = z.infer<typeof WorklistPatientSchema>;

export const WorklistPatientsSchema = z.strictObject({
  patients: z.array(WorklistPatientSchema),
});
export type WorklistPatients = z.infer<typeof WorklistPatientsSchema>;

/** The query of one request for `ubrns` (at most WORKLIST_PATIENTS_PER_REQUEST). */
export function worklistPatientsQuery(ubrns: readonly string[]): string {
  return `?${ubrns.map((each) => `ubrn=${encodeURIComponent(each)}`).join('&')}`;
}

/**
 * A row's name and date of birth from the patient's banner, and nothing else of the record,
 * whatever its restriction (the BFF and the SPA's mock handlers map with this).
 */
export function worklistPatientOf(
  ubrn: string,
  nhsNumber: string,
  banner: PatientBanner,
): WorklistPatient {
  if (banner.restriction === 'very_restricted') {
    return { status: 'not_shown', ubrn, reason: 'restricted' };
  }
  const { name } = banner;
  return {
    status: 'found',
    ubrn,
    name: name && {
      prefix: name.prefix,
      given: name.given,
      family: name.family,
      suffix: name.suffix,
    },
    birthDate: banner.birthDate,
    restricted: banner.restriction === 'restricted',
    currentNhsNumber: banner.nhsNumber === nhsNumber ? null : banner.nhsNumber,
  };
}
