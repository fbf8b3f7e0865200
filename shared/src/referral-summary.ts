/**
 * The referral summary view model: what the SPA shows of an e-RS A005 ReferralRequest. The BFF
 * builds it from the upstream FHIR; the SPA validates it on arrival with the same schema.
 */
import { z } from 'zod';
import {
  ReferralRequestSchema,
  ersExtension,
  findExtension,
  type Coding,
  type ReferralRequest,
} from './ers-fhir';

/** Labels clinicians see for e-RS priority codes; one map, so local wording is a one-line change. */
export const PRIORITY_LABELS: Record<string, string> = {
  ROUTINE: 'Routine',
  URGENT: 'Urgent',
  TWO_WEEK_WAIT: '2 week wait',
};

const CodedValueSchema = z.object({ code: z.string(), label: z.string() });
export type CodedValue = z.infer<typeof CodedValueSchema>;

export const ReferralSummarySchema = z.object({
  ubrn: z.string(),
  version: z.string().nullable(),
  nhsNumber: z.string(),
  status: CodedValueSchema,
  priority: CodedValueSchema.nullable(),
  specialty: CodedValueSchema.nullable(),
  services: z.array(z.object({ id: z.string().nullable(), name: z.string() })),
  clinicalInfoFirstSubmitted: z.string().nullable(),
});
export type ReferralSummary = z.infer<typeof ReferralSummarySchema>;

export type ReferralSummaryResult =
  { ok: true; summary: ReferralSummary } | { ok: false; reason: string };

/** `CARDIOLOGY` -> `Cardiology`; used when e-RS gives a code without a display. */
function labelFromCode(code: string): string {
  const words = code.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function toCodedValue(coding: Coding | undefined, labels?: Record<string, string>) {
  if (!coding?.code) return null;
  return {
    code: coding.code,
    label: labels?.[coding.code] ?? coding.display ?? labelFromCode(coding.code),
  };
}

function containedById(referral: ReferralRequest, reference: string | undefined) {
  if (!reference?.startsWith('#')) return undefined;
  return referral.contained.find((resource) => resource.id === reference.slice(1));
}

export function toReferralSummary(fhir: unknown): ReferralSummaryResult {
  const parsed = ReferralRequestSchema.safeParse(fhir);
  if (!parsed.success) {
    return { ok: false, reason: `not an e-RS ReferralRequest: ${parsed.error.issues[0]?.message}` };
  }
  const referral = parsed.data;

  const stateExtension = findExtension(referral.extension, ersExtension.referralState);
  const state = findExtension(stateExtension?.extension, 'state')?.valueCoding;
  const status = toCodedValue(state);
  if (!status) {
    return { ok: false, reason: 'ReferralRequest has no referral state' };
  }

  const priorityCoding = findExtension(referral.extension, ersExtension.priority)
    ?.valueCodeableConcept?.coding?.[0];

  const shortlist = containedById(
    referral,
    findExtension(referral.extension, ersExtension.shortlist)?.valueReference?.reference,
  );
  const searchCriteria = referral.contained.find(
    (resource) => resource.resourceType === 'Parameters' && resource.id === 'serviceSearchCriteria',
  );
  const specialtyCoding = searchCriteria?.parameter?.find(
    (parameter) => parameter.name === 'specialty',
  )?.valueCoding;

  return {
    ok: true,
    summary: {
      ubrn: referral.id,
      version: referral.meta?.versionId ?? null,
      nhsNumber: referral.subject.identifier.value,
      status,
      priority: toCodedValue(priorityCoding, PRIORITY_LABELS),
      specialty: toCodedValue(specialtyCoding),
      services: (shortlist?.entry ?? []).map((entry) => ({
        id: entry.item.identifier?.value ?? null,
        name: entry.item.display ?? 'Unnamed service',
      })),
      clinicalInfoFirstSubmitted:
        findExtension(referral.extension, ersExtension.clinicalInfoFirstSubmitted)?.valueDateTime ??
        null,
    },
  };
}

/** NHS number in the 3-3-4 grouping the NHS design system asks for. */
export function formatNhsNumber(nhsNumber: string): string {
  return nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
}
