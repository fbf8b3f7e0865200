/**
 * The worklist view model: what the SPA shows of an e-RS A008 worklist. Each list type carries
 * its own set of item fields (a provider's "referrals for review" has review status and
 * appointment dates, a referrer's "awaiting booking" has state and reason); the view model has
 * them all, null where the list does not give them.
 */
import { z } from 'zod';
import type { BusinessFunction } from './bff-contract';
import { CodedValueSchema, toCodedValue, type CodedValue } from './coded-value';
import {
  NHS_NUMBER_SYSTEM,
  WORKLIST_ITEM_EXTENSION,
  WorklistListSchema,
  findExtension,
  type Extension,
} from './ers-fhir';
import { PRIORITY_LABELS } from './referral-summary';
import { toReferralState } from './referral-state';

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

const date = z.string().nullable();

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

export type WorklistResult = { ok: true; worklist: Worklist } | { ok: false; reason: string };

type WorklistList = z.infer<typeof WorklistListSchema>;

function nhsNumberOf(list: WorklistList, patient: Extension | undefined): string | null {
  const reference = patient?.valueReference;
  if (reference?.identifier?.system === NHS_NUMBER_SYSTEM)
    return reference.identifier.value ?? null;
  if (!reference?.reference?.startsWith('#')) return null;
  const contained = list.contained.find(
    (resource) => resource.id === reference.reference!.slice(1),
  );
  return (
    contained?.identifier?.find((identifier) => identifier.system === NHS_NUMBER_SYSTEM)?.value ??
    null
  );
}

function count(items: WorklistItem[], pick: (item: WorklistItem) => CodedValue | null) {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const code = pick(item)?.code;
    if (code) counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

export function toWorklist(listType: WorklistType, fhir: unknown): WorklistResult {
  const parsed = WorklistListSchema.safeParse(fhir);
  if (!parsed.success) {
    return { ok: false, reason: `not an e-RS worklist: ${parsed.error.issues[0]?.message}` };
  }
  const list = parsed.data;
  const items: WorklistItem[] = [];
  for (const entry of list.entry) {
    const ubrn = /^ReferralRequest\/(\d{12})$/.exec(entry.item.reference ?? '')?.[1];
    if (!ubrn) return { ok: false, reason: 'worklist entry without a ReferralRequest UBRN' };
    const fields = entry.extension.find((extension) =>
      WORKLIST_ITEM_EXTENSION.test(extension.url),
    )?.extension;
    const field = (name: string) => findExtension(fields, name);
    const coding = (name: string) => field(name)?.valueCodeableConcept?.coding?.[0];
    const dateOf = (name: string) =>
      field(name)?.valueDateTime ?? field(name)?.valueDate ?? field(name)?.valueInstant ?? null;
    const service = field('service')?.valueReference;
    const version = field('referralRequestVersion')?.valueInteger;
    items.push({
      ubrn,
      nhsNumber: nhsNumberOf(list, field('patient')),
      priority: toCodedValue(coding('priority'), PRIORITY_LABELS),
      specialty: toCodedValue(coding('specialty')),
      clinicalContext: field('clinicalContext')?.valueString ?? null,
      service: service
        ? { id: service.identifier?.value ?? null, name: service.display ?? null }
        : null,
      status: toReferralState(coding('status')),
      reason: toCodedValue(coding('reason')),
      reviewStatus: toCodedValue(coding('requestContextStatus')),
      referralType: toCodedValue(coding('referralType')),
      version: version === undefined ? null : String(version),
      dates: {
        pathwayStart: dateOf('eReferralPathwayStart'),
        ubrnReceived: dateOf('ubrnReceived'),
        referralCreated: dateOf('referralCreated'),
        referralLastUpdated: dateOf('referralLastUpdated'),
        appointmentStart: dateOf('appointmentStart'),
        clinicalInfoFirstSubmitted: dateOf('clinicalInfoFirstSubmitted'),
        clinicalInfoLastUpdated: dateOf('clinicalInfoLastUpdated'),
        letterDue: dateOf('letterDue'),
        patientContactExpected: dateOf('patientContactExpected'),
      },
    });
  }
  return {
    ok: true,
    worklist: {
      listType,
      items,
      counts: {
        total: items.length,
        byPriority: count(items, (item) => item.priority),
        byReviewStatus: count(items, (item) => item.reviewStatus),
      },
    },
  };
}
