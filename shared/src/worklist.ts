/**
 * The worklist view model: what the SPA shows of an e-RS A008 worklist. Each list type carries
 * its own set of item fields (a provider's "referrals for review" has review status and
 * appointment dates, a referrer's "awaiting booking" has state and reason); the view model has
 * them all, null where the list does not give them.
 */
import { z } from 'zod';
import type { BusinessFunction } from './bff-contract';
import { CodedValueSchema } from './coded-value';

/** A008 `listType` codes (eRS-ReferralListSelector-1); the BFF route takes them as they are. */
export const WORKLIST_TYPES = [
  'REFERRALS_FOR_REVIEW',
  'APPOINTMENT_SLOT_ISSUES',
  'REJECTED_TRIAGE_RESPONSE',
  'ASSESSMENT_RETURNED_CANCELLED_DNA',
  'AWAITING_BOOKING',
  'LETTERS_OUTSTANDING',
] as const;
export const WorklistTypeSchema = z.enum(WORKLIST_TYPES);
export type WorklistType = z.infer<typeof WorklistTypeSchema>;

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

/**
 * A provider list's review status (A008's `requestContextStatus`, code system
 * eRS-RequestContextStatus-1), in our words: e-RS displays title case ("Never Reviewed"), and the
 * NHS style is sentence case.
 */
export const REVIEW_STATUS_LABELS: Record<string, string> = {
  NEVER_REVIEWED: 'Never reviewed',
  LETTER_CHANGED: 'Letter changed',
  PRIORITY_CHANGED: 'Priority changed',
  PRIORITY_AND_LETTER_CHANGED: 'Priority and letter changed',
};

const date = z.string().nullable();

/** An e-RS user as worklists name one: by SDS user id only (e-RS gives no name there). */
const UserSchema = z.object({ sdsUserId: z.string() });

export const WorklistItemSchema = z.object({
  ubrn: z.string(),
  /** Displayed to the clinician; never written to logs or the audit trail. */
  nhsNumber: z.string().nullable(),
  priority: CodedValueSchema.nullable(),
  specialty: CodedValueSchema.nullable(),
  /** Referrer lists give specialty and clinic type as one string, e.g. `ORTHAPEDICS/KNEE`. */
  clinicalContext: z.string().nullable(),
  service: z.object({ id: z.string().nullable(), name: z.string().nullable() }).nullable(),
  /** Referral state (referrer lists), in A005's spelling. */
  status: CodedValueSchema.nullable(),
  reason: CodedValueSchema.nullable(),
  /** Provider review status, e.g. NEVER_REVIEWED. */
  reviewStatus: CodedValueSchema.nullable(),
  referralType: CodedValueSchema.nullable(),
  /** The referral's version when listed (A005 `_history/{version}`). */
  version: z.string().nullable(),
  /** Who made the referral (referrer lists). */
  referrer: UserSchema.nullable(),
  /** The clinician the referral is assigned to for review (provider lists). */
  allocatedClinician: UserSchema.nullable(),
  /** Whether the clinical information is there yet, e.g. PRESENT (appointment slot issues). */
  clinicalInformationStatus: CodedValueSchema.nullable(),
  /** Whether someone printed the clinical information (provider lists). */
  clinicalInfoPrinted: z.boolean().nullable(),
  dates: z.object({
    pathwayStart: date,
    ubrnReceived: date,
    referralCreated: date,
    referralLastUpdated: date,
    appointmentStart: date,
    clinicalInfoFirstSubmitted: date,
    clinicalInfoLastUpdated: date,
    letterDue: date,
    patientContactExpected: date,
  }),
});
export type WorklistItem = z.infer<typeof WorklistItemSchema>;

export const WorklistSchema = z.object({
  listType: WorklistTypeSchema,
  items: z.array(WorklistItemSchema),
  counts: z.object({
    total: z.number().int(),
    /** Items per priority code (ROUTINE, URGENT, TWO_WEEK_WAIT...). */
    byPriority: z.record(z.string(), z.number().int()),
    /** Items per review status code (provider lists); empty for referrer lists. */
    byReviewStatus: z.record(z.string(), z.number().int()),
  }),
});
export type Worklist = z.infer<typeof WorklistSchema>;
