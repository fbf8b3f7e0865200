/**
 * The worklist view model: what the SPA shows of an e-RS A008 worklist. Each list type carries
 * its own set of item fields (a provider's "referrals for review" has review status and
 * appointment dates, a referrer's "awaiting booking" has state and reason); the view model has
 * them all, null where the list does not give them.
 */
import { z } from 'zod';
import { CodedValueSchema } from './coded-value';
import { WORKLIST_TYPES } from './worklist-access';

export const WorklistTypeSchema = z.enum(WORKLIST_TYPES);

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
