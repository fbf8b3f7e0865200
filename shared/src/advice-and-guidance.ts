/**
 * Advice and Guidance (A&G) view models: what the SPA shows of e-RS A023 (the provider's A&G
 * requests worklist), A024 (a request's summary) and A025 (its conversation). The BFF maps the
 * upstream FHIR with these; the SPA's mock handlers map the same fixtures with them, and validate
 * what arrives with the same schemas.
 */
import { z } from 'zod';
import type { BusinessFunction } from './bff-contract';
import { CodedValueSchema, toCodedValue } from './coded-value';
import {
  CodeableConceptSchema,
  CodingSchema,
  ExtensionSchema,
  IdentifierSchema,
  ReferenceSchema,
  ersExtension,
  findExtension,
  type Extension,
} from './ers-fhir';
import {
  AttachmentSummarySchema,
  PRIORITY_LABELS,
  documentAttachments,
  type AttachmentSummary,
} from './referral-summary';

/** A024, A025 and A043's pre-requisites (user-restricted): the four clinical business functions. */
export const ADVICE_READER_BUSINESS_FUNCTIONS: readonly BusinessFunction[] = [
  'REFERRING_CLINICIAN',
  'REFERRING_CLINICIAN_ADMIN',
  'SERVICE_PROVIDER_CLINICIAN',
  'SERVICE_PROVIDER_CLINICIAN_ADMIN',
];

/** eRS-AdviceAndGuidanceStatus-1, in a clinician's words. */
export const ADVICE_STATUS_LABELS: Record<string, string> = {
  PROVIDER_RESPONSE_REQUIRED: 'Response needed from provider',
  REFERRER_TO_SUBMIT_FURTHER_INFORMATION: 'Waiting for more information from referrer',
  REFERRER_TO_REVIEW_RESPONSE: 'Waiting for referrer to review the advice',
  CONVERSATION_ENDED_CANCELLED: 'Ended: cancelled',
  CONVERSATION_ENDED_CLOSED: 'Ended: closed',
  ADVICE_CONVERTED: 'Converted to a referral',
};

/** A version as e-RS numbers them (A024 `_history`, A025 `based-on`). */
export const ADVICE_VERSION_PATTERN = /^\d{1,9}$/;

/** An e-RS user as e-RS names one in A&G: an SDS user id in a role at an organisation. */
export const AdviceParticipantSchema = z.object({
  sdsUserId: z.string().nullable(),
  odsCode: z.string().nullable(),
  businessFunction: z.string().nullable(),
});
export type AdviceParticipant = z.infer<typeof AdviceParticipantSchema>;

export const AdviceWorklistItemSchema = z.object({
  ubrn: z.string(),
  version: z.string().nullable(),
  /** Displayed to the clinician; never written to logs or the audit trail. */
  nhsNumber: z.string().nullable(),
  status: CodedValueSchema.nullable(),
  priority: CodedValueSchema.nullable(),
  specialty: CodedValueSchema.nullable(),
  clinicType: CodedValueSchema.nullable(),
  service: z.object({ id: z.string().nullable(), name: z.string().nullable() }).nullable(),
  firstRequested: z.string().nullable(),
  lastUpdated: z.string().nullable(),
  /** By SDS user id: the worklist names no one. */
  referrer: z.string().nullable(),
});
export type AdviceWorklistItem = z.infer<typeof AdviceWorklistItemSchema>;

export const AdviceWorklistSchema = z.object({ items: z.array(AdviceWorklistItemSchema) });
export type AdviceWorklist = z.infer<typeof AdviceWorklistSchema>;

export const AdviceRequestSummarySchema = z.object({
  ubrn: z.string(),
  /** The version A025 must be asked with (e-RS serves the conversation of the latest only). */
  version: z.string().nullable(),
  nhsNumber: z.string(),
  status: CodedValueSchema.nullable(),
  priority: CodedValueSchema.nullable(),
  specialty: CodedValueSchema.nullable(),
  clinicType: CodedValueSchema.nullable(),
  services: z.array(z.object({ id: z.string().nullable(), name: z.string() })),
  /** Whether the referrer lets the provider turn the request into a referral (A027). */
  conversionAuthorised: z.boolean().nullable(),
  requester: AdviceParticipantSchema.nullable(),
  attachments: z.array(AttachmentSummarySchema),
});
export type AdviceRequestSummary = z.infer<typeof AdviceRequestSummarySchema>;

export const AdviceMessageSchema = z.object({
  id: z.string(),
  sentAt: z.string().nullable(),
  /** REQUESTER (the referrer seeking advice) or RESPONDER (the provider), eRS-CommunicationSentBy-1. */
  sentBy: z.string().nullable(),
  author: AdviceParticipantSchema.nullable(),
  text: z.string(),
  attachments: z.array(AttachmentSummarySchema),
});
export type AdviceMessage = z.infer<typeof AdviceMessageSchema>;

export const AdviceConversationSchema = z.object({
  ubrn: z.string(),
  version: z.string(),
  /** Oldest first, by when each was sent. */
  messages: z.array(AdviceMessageSchema),
});
export type AdviceConversation = z.infer<typeof AdviceConversationSchema>;

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

const firstCoding = (
  concept: { coding?: z.infer<typeof CodingSchema>[] | undefined } | undefined,
) => concept?.coding?.[0];
const coded = (
  concept: { coding?: z.infer<typeof CodingSchema>[] | undefined } | undefined,
  labels?: Record<string, string>,
) => toCodedValue(firstCoding(concept), labels);
const issueOf = (error: z.ZodError) =>
  error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    .join('; ');

// --- A023 ---------------------------------------------------------------------------------------

const WORKLIST_ITEM_URL =
  'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-eRS-AdviceAndGuidanceRequests-WorkListItem-1';

const AdviceWorklistListSchema = z
  .object({
    resourceType: z.literal('List'),
    entry: z
      .array(
        z
          .object({
            extension: z.array(ExtensionSchema).default([]),
            item: z.object({ reference: z.string() }).loose(),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();

/** `CommunicationRequest/000000070000` -> `000000070000`. */
const ubrnOfReference = (reference: string) =>
  /^CommunicationRequest\/(\d{12})$/.exec(reference)?.[1];

export function toAdviceWorklist(json: unknown): Mapped<AdviceWorklist> {
  const parsed = AdviceWorklistListSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `A023 List: ${issueOf(parsed.error)}` };
  const items: AdviceWorklistItem[] = [];
  for (const entry of parsed.data.entry) {
    const ubrn = ubrnOfReference(entry.item.reference);
    if (!ubrn) return { ok: false, reason: 'A023 List: an item that is no CommunicationRequest' };
    const fields = findExtension(entry.extension, WORKLIST_ITEM_URL)?.extension;
    const field = (url: string) => findExtension(fields, url);
    const service = field('service')?.valueReference;
    const version = field('communicationRequestVersion')?.valueInteger;
    items.push({
      ubrn,
      version: version === undefined ? null : String(version),
      nhsNumber: field('patient')?.valueReference?.identifier?.value ?? null,
      status: coded(field('category')?.valueCodeableConcept, ADVICE_STATUS_LABELS),
      priority: coded(field('priority')?.valueCodeableConcept, PRIORITY_LABELS),
      specialty: coded(field('specialty')?.valueCodeableConcept),
      clinicType: coded(field('clinicType')?.valueCodeableConcept),
      service: service
        ? { id: service.identifier?.value ?? null, name: service.display ?? null }
        : null,
      firstRequested: field('adviceFirstRequested')?.valueDateTime ?? null,
      lastUpdated: field('adviceLastUpdated')?.valueDateTime ?? null,
      referrer: field('referrer')?.valueReference?.identifier?.value ?? null,
    });
  }
  return { ok: true, value: { items } };
}

// --- A024 ---------------------------------------------------------------------------------------

const SD = 'https://fhir.nhs.uk/STU3/StructureDefinition/';
const PRACTITIONER_ROLE_REFERENCE = `${SD}Extension-PractitionerRole-Reference-1`;
const CONVERSION_AUTHORISATION = `${SD}Extension-eRS-ProviderConversionAuthorisation-1`;
const SPECIALTY = `${SD}Extension-eRS-Specialty-1`;

const PractitionerRoleSchema = z
  .object({
    resourceType: z.literal('PractitionerRole'),
    id: z.string().optional(),
    practitioner: z.object({ identifier: IdentifierSchema.optional() }).loose().optional(),
    organization: z.object({ identifier: IdentifierSchema.optional() }).loose().optional(),
    code: z.array(CodeableConceptSchema).optional(),
  })
  .loose();

function participantOf(resource: unknown): AdviceParticipant | null {
  const role = PractitionerRoleSchema.safeParse(resource);
  if (!role.success) return null;
  return {
    sdsUserId: role.data.practitioner?.identifier?.value ?? null,
    odsCode: role.data.organization?.identifier?.value ?? null,
    businessFunction: firstCoding(role.data.code?.[0])?.code ?? null,
  };
}

/** The PractitionerRole reference an agent carries in its one extension. */
const roleReferenceOf = (holder: { extension?: Extension[] | undefined } | undefined) =>
  findExtension(holder?.extension, PRACTITIONER_ROLE_REFERENCE)?.valueReference?.reference;

const CommunicationRequestSchema = z
  .object({
    resourceType: z.literal('CommunicationRequest'),
    id: z.string(),
    meta: z.object({ versionId: z.string().optional() }).loose().optional(),
    extension: z.array(ExtensionSchema).default([]),
    contained: z.array(z.object({ resourceType: z.string(), id: z.string() }).loose()).default([]),
    category: z.array(CodeableConceptSchema).default([]),
    subject: z.object({ identifier: z.object({ value: z.string() }).loose() }).loose(),
    requester: z
      .object({ agent: z.object({ extension: z.array(ExtensionSchema).optional() }).loose() })
      .loose()
      .optional(),
    payload: z
      .array(z.object({ contentReference: ReferenceSchema.optional() }).loose())
      .default([]),
  })
  .loose();

const ParametersSchema = z
  .object({
    parameter: z
      .array(z.object({ name: z.string(), valueCoding: CodingSchema.optional() }).loose())
      .default([]),
  })
  .loose();
const ShortlistSchema = z
  .object({
    entry: z
      .array(
        z
          .object({
            item: z
              .object({ identifier: IdentifierSchema.optional(), display: z.string().optional() })
              .loose(),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();

export function toAdviceRequestSummary(json: unknown): Mapped<AdviceRequestSummary> {
  const parsed = CommunicationRequestSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, reason: `A024 CommunicationRequest: ${issueOf(parsed.error)}` };
  }
  const request = parsed.data;
  const contained = (reference: string | undefined) =>
    reference?.startsWith('#')
      ? request.contained.find((resource) => resource.id === reference.slice(1))
      : undefined;
  const criteria = ParametersSchema.safeParse(
    request.contained.find((resource) => resource.resourceType === 'Parameters'),
  );
  const criterion = (name: string) =>
    criteria.success
      ? criteria.data.parameter.find((parameter) => parameter.name === name)?.valueCoding
      : undefined;
  const shortlist = ShortlistSchema.safeParse(
    contained(findExtension(request.extension, ersExtension.shortlist)?.valueReference?.reference),
  );
  const authorisation = findExtension(request.extension, CONVERSION_AUTHORISATION)?.valueCoding
    ?.code;
  const attachments: AttachmentSummary[] = request.payload.flatMap(({ contentReference }) =>
    documentAttachments(contained(contentReference?.reference)),
  );
  return {
    ok: true,
    value: {
      ubrn: request.id,
      version: request.meta?.versionId ?? null,
      nhsNumber: request.subject.identifier.value,
      status: coded(request.category[0], ADVICE_STATUS_LABELS),
      priority: coded(
        findExtension(request.extension, ersExtension.priority)?.valueCodeableConcept,
        PRIORITY_LABELS,
      ),
      specialty:
        toCodedValue(findExtension(request.extension, SPECIALTY)?.valueCoding) ??
        toCodedValue(criterion('specialty')),
      clinicType: toCodedValue(criterion('clinicType')),
      services: shortlist.success
        ? shortlist.data.entry.map(({ item }) => ({
            id: item.identifier?.value ?? null,
            name: item.display ?? item.identifier?.value ?? 'Unnamed service',
          }))
        : [],
      conversionAuthorised:
        authorisation === undefined ? null : authorisation === 'AUTHORISED_TO_CONVERT',
      requester: participantOf(contained(roleReferenceOf(request.requester?.agent))),
      attachments,
    },
  };
}

// --- A025 ---------------------------------------------------------------------------------------

const CommunicationSchema = z
  .object({
    resourceType: z.literal('Communication'),
    id: z.string(),
    basedOn: z.array(ReferenceSchema).default([]),
    category: z.array(CodeableConceptSchema).default([]),
    sent: z.string().optional(),
    sender: z
      .object({ extension: z.array(ExtensionSchema).optional() })
      .loose()
      .optional(),
    payload: z
      .array(z.object({ contentReference: ReferenceSchema.optional() }).loose())
      .default([]),
    note: z.array(z.object({ text: z.string() }).loose()).default([]),
  })
  .loose();

const BundleSchema = z
  .object({
    resourceType: z.literal('Bundle'),
    entry: z
      .array(
        z
          .object({
            resource: z.object({ resourceType: z.string(), id: z.string().optional() }).loose(),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();

/**
 * A025's Bundle as a conversation about `ubrn` at `version`. e-RS lists the messages in no
 * promised order (the spec's multi-way example is not in time order): they are sorted by when
 * each was sent, ties kept in e-RS's order. A message based on another request is garbage.
 */
export function toAdviceConversation(
  json: unknown,
  ubrn: string,
  version: string,
): Mapped<AdviceConversation> {
  const bundle = BundleSchema.safeParse(json);
  if (!bundle.success) return { ok: false, reason: `A025 Bundle: ${issueOf(bundle.error)}` };
  const included = (type: string, reference: string | undefined) => {
    const id = reference?.startsWith(`${type}/`) ? reference.slice(type.length + 1) : undefined;
    return bundle.data.entry.find(
      ({ resource }) => resource.resourceType === type && resource.id === id,
    )?.resource;
  };
  const messages: AdviceMessage[] = [];
  for (const { resource } of bundle.data.entry) {
    if (resource.resourceType !== 'Communication') continue;
    const parsed = CommunicationSchema.safeParse(resource);
    if (!parsed.success) {
      return { ok: false, reason: `A025 Communication: ${issueOf(parsed.error)}` };
    }
    const message = parsed.data;
    const basedOn = message.basedOn.map((reference) => reference.reference);
    if (!basedOn.every((reference) => reference?.startsWith(`CommunicationRequest/${ubrn}/`))) {
      return { ok: false, reason: 'A025 Communication based on another request' };
    }
    messages.push({
      id: message.id,
      sentAt: message.sent ?? null,
      sentBy: firstCoding(message.category[0])?.code ?? null,
      author: participantOf(included('PractitionerRole', roleReferenceOf(message.sender))),
      text: message.note.map((note) => note.text).join('\n\n'),
      attachments: message.payload.flatMap(({ contentReference }) =>
        documentAttachments(included('DocumentReference', contentReference?.reference)),
      ),
    });
  }
  const time = (message: AdviceMessage) =>
    message.sentAt ? Date.parse(message.sentAt) : Number.POSITIVE_INFINITY;
  // Array.prototype.sort is stable: equal times keep e-RS's order.
  messages.sort((a, b) => time(a) - time(b));
  return { ok: true, value: { ubrn, version, messages } };
}
