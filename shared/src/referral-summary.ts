/**
 * The referral summary view model: what the SPA shows of an e-RS A005 ReferralRequest. The BFF
 * builds it from the upstream FHIR; the SPA validates it on arrival with the same schema.
 *
 * Fields added after the first release are optional and present only when the referral has them
 * (no attachments, no appointment... means the field is absent), so a summary built by an older
 * BFF still validates.
 */
import { z } from 'zod';
import { CodedValueSchema, labelFromCode, toCodedValue, type CodedValue } from './coded-value';
import {
  AppointmentSchema,
  DocumentReferenceSchema,
  ERS_SERVICE_SYSTEM,
  ReferralRequestSchema,
  SDS_USER_ID_SYSTEM_STU3,
  ersExtension,
  findExtension,
  type ErsAttachment,
  type Extension,
  type ReferralRequest,
} from './ers-fhir';
import { toReferralState } from './referral-state';

export { CodedValueSchema, type CodedValue };

/** Labels clinicians see for e-RS priority codes; one map, so local wording is a one-line change. */
export const PRIORITY_LABELS: Record<string, string> = {
  ROUTINE: 'Routine',
  URGENT: 'Urgent',
  TWO_WEEK_WAIT: '2 week wait',
};

/**
 * An attachment id as the BFF route takes it: the logical id of the Binary A042 serves (e-RS
 * gives UUIDs). Letters, digits and hyphens only: no dots, so no `..` can reach an upstream path.
 */
export const ATTACHMENT_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/** eRS-AvailabilityStatus-1. A042 refuses every file that is not AVAILABLE. */
export const ATTACHMENT_AVAILABILITY_LABELS: Record<string, { label: string; reason: string }> = {
  PENDING: {
    label: 'Being checked',
    reason: 'This file is still being checked for viruses. Try again in 5 minutes.',
  },
  THREATS_FOUND: {
    label: 'Quarantined',
    reason:
      'This file was quarantined because a threat was found in it. Contact the organisation that attached it.',
  },
  VALIDATION_FAILED: {
    label: 'Failed checks',
    reason:
      'This file failed e-RS checks (wrong or unsupported file type, or too large). Contact the organisation that attached it.',
  },
};
const UNKNOWN_AVAILABILITY_REASON = 'This file cannot be opened at the moment.';

export const AttachmentSummarySchema = z.object({
  /** What `GET /api/referrals/{ubrn}/attachments/{id}` takes. */
  id: z.string(),
  title: z.string(),
  contentType: z.string().nullable(),
  /** Bytes, as e-RS reports it. */
  size: z.number().nullable(),
  /** When it was attached (DocumentReference.indexed, else the attachment's creation date). */
  attachedAt: z.string().nullable(),
  attachedByOdsCode: z.string().nullable(),
  availability: z.object({
    code: z.string(),
    label: z.string(),
    /** Plain words for anything but AVAILABLE: why it cannot be opened and what to do. */
    reason: z.string().nullable(),
  }),
});
export type AttachmentSummary = z.infer<typeof AttachmentSummarySchema>;

export const AppointmentSummarySchema = z.object({
  status: z.string().nullable(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  service: z.object({ id: z.string().nullable(), name: z.string().nullable() }).nullable(),
  /** Why it is as it is, e.g. NO_SLOTS_AT_SERVICE for one deferred to the provider. */
  reason: CodedValueSchema.optional(),
  /** Free text recorded with the appointment, e.g. by whoever deferred it. */
  comment: z.string().optional(),
  /** The clinician the appointment is with, by SDS user id (e-RS gives no name). */
  allocatedClinician: z.object({ sdsUserId: z.string() }).optional(),
});
export type AppointmentSummary = z.infer<typeof AppointmentSummarySchema>;

export const RelatedRequestSchema = z.object({
  ubrn: z.string(),
  kind: z.enum(['referral', 'advice_and_guidance']),
});

export const ReferralSummarySchema = z.object({
  ubrn: z.string(),
  version: z.string().nullable(),
  nhsNumber: z.string(),
  status: CodedValueSchema,
  priority: CodedValueSchema.nullable(),
  specialty: CodedValueSchema.nullable(),
  /** The clinic type the referrer searched under (CLINIC-TYPE), with the specialty. */
  clinicType: CodedValueSchema.optional(),
  services: z.array(z.object({ id: z.string().nullable(), name: z.string() })),
  clinicalInfoFirstSubmitted: z.string().nullable(),
  /** Why the referral is in its state (e.g. a cancellation reason), when e-RS gives one. */
  statusReason: CodedValueSchema.optional(),
  /** Free text recorded with the reason. */
  statusComments: z.string().optional(),
  clinicalInfoLastUpdated: z.string().optional(),
  /** e-Referral pathway start (RTT clock start). */
  pathwayStart: z.string().optional(),
  appointment: AppointmentSummarySchema.optional(),
  attachments: z.array(AttachmentSummarySchema).optional(),
  /** Other UBRNs on the same pathway (onward referrals, the A&G request it came from). */
  relatedRequests: z.array(RelatedRequestSchema).optional(),
  /** What the patient needs to attend: advocacy, an interpreter, transport. */
  additionalRequirements: z.array(CodedValueSchema).optional(),
});
export type ReferralSummary = z.infer<typeof ReferralSummarySchema>;

export type ReferralSummaryResult =
  { ok: true; summary: ReferralSummary } | { ok: false; reason: string };

function containedById(referral: ReferralRequest, reference: string | undefined) {
  if (!reference?.startsWith('#')) return undefined;
  return referral.contained.find((resource) => resource.id === reference.slice(1));
}

const dateOf = (extension: Extension | undefined) =>
  extension?.valueDateTime ?? extension?.valueInstant ?? extension?.valueDate;

/**
 * `Binary/719f...` -> `719f...` (e-RS may also send an absolute URL ending in it). Without a URL,
 * the attachment's own id; with a URL we cannot read, nothing.
 */
export function binaryIdOf(attachment: ErsAttachment): string | undefined {
  if (attachment.url === undefined) return attachment.id;
  return /(?:^|\/)Binary\/([^/?#]+)$/.exec(attachment.url)?.[1];
}

/**
 * The attachments of one DocumentReference, as e-RS describes them in A005's and A024's contained
 * resources and A025's included ones; nothing for a resource that is not one.
 */
export function documentAttachments(resource: unknown): AttachmentSummary[] {
  const document = DocumentReferenceSchema.safeParse(resource);
  if (!document.success) return [];
  const attachments: AttachmentSummary[] = [];
  for (const { attachment } of document.data.content) {
    const id = binaryIdOf(attachment);
    // An id we could not put in our own route could never be opened: leave it out.
    if (!id || !ATTACHMENT_ID_PATTERN.test(id)) continue;
    const status = findExtension(attachment.extension, ersExtension.availabilityStatus);
    // The A005 docs spell it both ways: THREATS_FOUND and THREATS FOUND.
    const code = status?.valueCoding?.code?.replace(/ /g, '_') ?? 'UNKNOWN';
    const known = ATTACHMENT_AVAILABILITY_LABELS[code];
    attachments.push({
      id,
      title: attachment.title ?? document.data.description ?? 'Untitled attachment',
      contentType: attachment.contentType ?? null,
      size: attachment.size ?? null,
      attachedAt: document.data.indexed ?? attachment.creation ?? null,
      attachedByOdsCode:
        findExtension(attachment.extension, ersExtension.attachedByOrganisation)?.valueReference
          ?.identifier?.value ?? null,
      availability:
        code === 'AVAILABLE'
          ? { code, label: 'Available', reason: null }
          : {
              code,
              label: known?.label ?? labelFromCode(code),
              reason: known?.reason ?? UNKNOWN_AVAILABILITY_REASON,
            },
    });
  }
  return attachments;
}

function toAttachments(referral: ReferralRequest): AttachmentSummary[] {
  return referral.contained.flatMap((resource) =>
    resource.resourceType === 'DocumentReference' ? documentAttachments(resource) : [],
  );
}

function toAppointment(referral: ReferralRequest): AppointmentSummary | undefined {
  const reference = findExtension(referral.extension, ersExtension.appointment)?.valueReference
    ?.reference;
  const parsed = AppointmentSchema.safeParse(containedById(referral, reference));
  if (!parsed.success) return undefined;
  const service = parsed.data.participant.find(
    (participant) => participant.actor?.identifier?.system === ERS_SERVICE_SYSTEM,
  )?.actor;
  const clinician = parsed.data.participant.find(
    (participant) => participant.actor?.identifier?.system === SDS_USER_ID_SYSTEM_STU3,
  )?.actor?.identifier?.value;
  const reason = toCodedValue(parsed.data.reason?.[0]?.coding?.[0]);
  return {
    status: parsed.data.status ?? null,
    start: parsed.data.start ?? null,
    end: parsed.data.end ?? null,
    service: service
      ? { id: service.identifier?.value ?? null, name: service.display ?? null }
      : null,
    ...(reason ? { reason } : {}),
    ...(parsed.data.comment ? { comment: parsed.data.comment } : {}),
    ...(clinician ? { allocatedClinician: { sdsUserId: clinician } } : {}),
  };
}

function toAdditionalRequirements(referral: ReferralRequest): CodedValue[] {
  return referral.extension.flatMap((extension) => {
    if (extension.url !== ersExtension.patientAdditionalRequirement) return [];
    const requirement = toCodedValue(extension.valueCoding);
    return requirement ? [requirement] : [];
  });
}

function toRelatedRequests(referral: ReferralRequest) {
  return referral.supportingInfo.flatMap((info) => {
    const match = /^(ReferralRequest|CommunicationRequest)\/(\d{12})$/.exec(info.reference ?? '');
    if (!match) return [];
    const kind = match[1] === 'ReferralRequest' ? 'referral' : 'advice_and_guidance';
    return [{ ubrn: match[2]!, kind } as const];
  });
}

export function toReferralSummary(fhir: unknown): ReferralSummaryResult {
  const parsed = ReferralRequestSchema.safeParse(fhir);
  if (!parsed.success) {
    return { ok: false, reason: `not an e-RS ReferralRequest: ${parsed.error.issues[0]?.message}` };
  }
  const referral = parsed.data;

  const stateExtension = findExtension(referral.extension, ersExtension.referralState);
  const status = toReferralState(findExtension(stateExtension?.extension, 'state')?.valueCoding);
  if (!status) {
    return { ok: false, reason: 'ReferralRequest has no referral state' };
  }
  const statusReason = toCodedValue(
    findExtension(stateExtension?.extension, 'reason')?.valueCoding,
  );
  const statusComments = findExtension(stateExtension?.extension, 'comments')?.valueString;

  const priorityCoding = findExtension(referral.extension, ersExtension.priority)
    ?.valueCodeableConcept?.coding?.[0];

  const shortlist = containedById(
    referral,
    findExtension(referral.extension, ersExtension.shortlist)?.valueReference?.reference,
  );
  const searchCriteria = referral.contained.find(
    (resource) => resource.resourceType === 'Parameters' && resource.id === 'serviceSearchCriteria',
  );
  const criterion = (name: string) =>
    searchCriteria?.parameter?.find((parameter) => parameter.name === name)?.valueCoding;
  const specialtyCoding = criterion('specialty') ?? referral.specialty?.coding?.[0];
  const clinicType = toCodedValue(criterion('clinicType'));

  const clinicalInfoLastUpdated = dateOf(
    findExtension(referral.extension, ersExtension.clinicalInfoLastUpdated),
  );
  const pathwayStart = dateOf(findExtension(referral.extension, ersExtension.pathwayStart));
  const appointment = toAppointment(referral);
  const attachments = toAttachments(referral);
  const relatedRequests = toRelatedRequests(referral);
  const additionalRequirements = toAdditionalRequirements(referral);

  return {
    ok: true,
    summary: {
      ubrn: referral.id,
      version: referral.meta?.versionId ?? null,
      nhsNumber: referral.subject.identifier.value,
      status,
      priority: toCodedValue(priorityCoding, PRIORITY_LABELS),
      specialty: toCodedValue(specialtyCoding),
      ...(clinicType ? { clinicType } : {}),
      services: (shortlist?.entry ?? []).map((entry) => ({
        id: entry.item.identifier?.value ?? null,
        name: entry.item.display ?? 'Unnamed service',
      })),
      clinicalInfoFirstSubmitted:
        dateOf(findExtension(referral.extension, ersExtension.clinicalInfoFirstSubmitted)) ?? null,
      ...(statusReason ? { statusReason } : {}),
      ...(statusComments ? { statusComments } : {}),
      ...(clinicalInfoLastUpdated ? { clinicalInfoLastUpdated } : {}),
      ...(pathwayStart ? { pathwayStart } : {}),
      ...(appointment ? { appointment } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
      ...(relatedRequests.length > 0 ? { relatedRequests } : {}),
      ...(additionalRequirements.length > 0 ? { additionalRequirements } : {}),
    },
  };
}

/** NHS number in the 3-3-4 grouping the NHS design system asks for. */
export function formatNhsNumber(nhsNumber: string): string {
  return nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
}
