/**
 * A008's answer, an e-RS `List` whose entries point at referrals, read into the worklist view
 * model. Each entry carries one extension named after its list (e.g.
 * `Extension-eRS-ReferralsforReview-WorkListItem-1`) holding that list's fields.
 */
import { z } from 'zod';
import { toCodedValue, type CodedValue } from '@ers/shared/coded-value';
import {
  ExtensionSchema,
  IdentifierSchema,
  NHS_NUMBER_SYSTEM,
  ReferenceSchema,
  SDS_USER_ID_SYSTEM_STU3,
  findExtension,
  type Extension,
} from '@ers/shared/ers-fhir';
import { PRIORITY_LABELS } from '@ers/shared/referral-summary';
import { toReferralState } from '@ers/shared/referral-state';
import { REVIEW_STATUS_LABELS, type Worklist, type WorklistItem } from '@ers/shared/worklist';
import { type WorklistType } from '@ers/shared/worklist-access';

const WORKLIST_ITEM_EXTENSION =
  /^https:\/\/fhir\.nhs\.uk\/STU3\/StructureDefinition\/Extension-eRS-[A-Za-z]+-WorkListItem-1$/;

export const WorklistListSchema = z
  .object({
    resourceType: z.literal('List'),
    contained: z
      .array(
        z
          .object({
            resourceType: z.string(),
            id: z.string().optional(),
            identifier: z.array(IdentifierSchema).optional(),
          })
          .loose(),
      )
      .default([]),
    entry: z
      .array(
        z.object({
          extension: z.array(ExtensionSchema).default([]),
          item: ReferenceSchema,
        }),
      )
      .default([]),
  })
  .loose();

type WorklistList = z.infer<typeof WorklistListSchema>;

export type WorklistResult = { ok: true; worklist: Worklist } | { ok: false; reason: string };

/**
 * The identifier (of that system) an item field points at: given in the reference itself, or on
 * the contained resource it references (`#Patient-...`, `#Practitioner-...`).
 */
function identifierOf(
  list: WorklistList,
  field: Extension | undefined,
  system: string,
): string | null {
  const reference = field?.valueReference;
  if (reference?.identifier?.system === system) return reference.identifier.value ?? null;
  if (!reference?.reference?.startsWith('#')) return null;
  const contained = list.contained.find(
    (resource) => resource.id === reference.reference!.slice(1),
  );
  return contained?.identifier?.find((identifier) => identifier.system === system)?.value ?? null;
}

function userOf(list: WorklistList, field: Extension | undefined) {
  const sdsUserId = identifierOf(list, field, SDS_USER_ID_SYSTEM_STU3);
  return sdsUserId ? { sdsUserId } : null;
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
      nhsNumber: identifierOf(list, field('patient'), NHS_NUMBER_SYSTEM),
      priority: toCodedValue(coding('priority'), PRIORITY_LABELS),
      specialty: toCodedValue(coding('specialty')),
      clinicalContext: field('clinicalContext')?.valueString ?? null,
      service: service
        ? { id: service.identifier?.value ?? null, name: service.display ?? null }
        : null,
      status: toReferralState(coding('status')),
      reason: toCodedValue(coding('reason')),
      reviewStatus: toCodedValue(coding('requestContextStatus'), REVIEW_STATUS_LABELS),
      referralType: toCodedValue(coding('referralType')),
      version: version === undefined ? null : String(version),
      referrer: userOf(list, field('referrer')),
      allocatedClinician: userOf(list, field('allocatedClinician')),
      clinicalInformationStatus: toCodedValue(coding('clinicalInformationStatus')),
      clinicalInfoPrinted: field('clinicalInfoPrinted')?.valueBoolean ?? null,
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
