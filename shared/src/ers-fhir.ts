/**
 * The small part of the e-RS STU3/R4 profiles both sides read: extension URLs, identifier
 * systems, FHIR building blocks (Coding, Identifier, Reference, Extension) and the ReferralRequest
 * fields the referral summary is made from. Schemas that only one BFF operation reads live beside
 * that operation (`bff/src/ers/operations/`). Upstream JSON is parsed with these before anything
 * reads it; unknown fields pass through untouched (e-RS adds fields between releases).
 *
 * The schemas are checked against `@types/fhir` at compile time (see the `Conforms` checks at
 * the end), so a field we read under the wrong name or type fails the typecheck, not a clinic.
 */
import { z } from 'zod';
import type * as fhir3 from 'fhir/r3';
import type * as fhir4 from 'fhir/r4';

const SD = 'https://fhir.nhs.uk/STU3/StructureDefinition/';

export const ersExtension = {
  priority: `${SD}Extension-eRS-ReferralPriority-1`,
  referralState: `${SD}Extension-eRS-ReferralState-1`,
  shortlist: `${SD}Extension-eRS-ReferralShortlist-1`,
  clinicalInfoFirstSubmitted: `${SD}Extension-eRS-ClinicalInfoFirstSubmitted-1`,
  clinicalInfoLastUpdated: `${SD}Extension-eRS-ClinicalInfoLastUpdated-1`,
  pathwayStart: `${SD}Extension-eRS-eReferralPathwayStart-1`,
  appointment: `${SD}Extension-eRS-Appointment-1`,
  availabilityStatus: `${SD}Extension-eRS-AvailabilityStatus-1`,
  attachedByOrganisation: `${SD}Extension-eRS-AttachedByOrganisation-1`,
  patientAdditionalRequirement: `${SD}Extension-eRS-PatientAdditionalRequirement-1`,
} as const;

/** STU3 identifier systems use the legacy fhir.nhs.net domain; R4 ones fhir.nhs.uk. */
export const NHS_NUMBER_SYSTEM = 'http://fhir.nhs.net/Id/nhs-number';
export const ERS_SERVICE_SYSTEM = 'http://fhir.nhs.net/Id/ers-service';
export const SDS_USER_ID_SYSTEM_STU3 = 'http://fhir.nhs.net/Id/sds-user-id';
export const SDS_USER_ID_SYSTEM_R4 = 'https://fhir.nhs.uk/Id/sds-user-id';
export const ODS_CODE_SYSTEM_R4 = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const BUSINESS_FUNCTION_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/eRS-BusinessFunction-1';

export const CodingSchema = z.object({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
export type Coding = z.infer<typeof CodingSchema>;

export const CodeableConceptSchema = z.object({ coding: z.array(CodingSchema).optional() });

export const IdentifierSchema = z.object({
  system: z.string().optional(),
  value: z.string().optional(),
});

export const ReferenceSchema = z.object({
  reference: z.string().optional(),
  identifier: IdentifierSchema.optional(),
  display: z.string().optional(),
});

// Extensions nest; z.lazy keeps the recursion typed.
export type Extension = {
  url: string;
  valueCoding?: Coding | undefined;
  valueCodeableConcept?: { coding?: Coding[] | undefined } | undefined;
  valueDateTime?: string | undefined;
  valueInstant?: string | undefined;
  valueDate?: string | undefined;
  valueString?: string | undefined;
  valueInteger?: number | undefined;
  valueBoolean?: boolean | undefined;
  valueIdentifier?: z.infer<typeof IdentifierSchema> | undefined;
  valueReference?: z.infer<typeof ReferenceSchema> | undefined;
  extension?: Extension[] | undefined;
};
export const ExtensionSchema: z.ZodType<Extension> = z.lazy(() =>
  z.object({
    url: z.string(),
    valueCoding: CodingSchema.optional(),
    valueCodeableConcept: CodeableConceptSchema.optional(),
    valueDateTime: z.string().optional(),
    valueInstant: z.string().optional(),
    valueDate: z.string().optional(),
    valueString: z.string().optional(),
    valueInteger: z.number().optional(),
    valueBoolean: z.boolean().optional(),
    valueIdentifier: IdentifierSchema.optional(),
    valueReference: ReferenceSchema.optional(),
    extension: z.array(ExtensionSchema).optional(),
  }),
);

/** A file attached to a referral (STU3 Attachment inside a contained DocumentReference). */
export const AttachmentSchema = z.object({
  id: z.string().optional(),
  extension: z.array(ExtensionSchema).optional(),
  contentType: z.string().optional(),
  /** `Binary/<id>`: the id A042 takes. */
  url: z.string().optional(),
  size: z.number().optional(),
  title: z.string().optional(),
  creation: z.string().optional(),
});
export type ErsAttachment = z.infer<typeof AttachmentSchema>;

export const DocumentReferenceSchema = z
  .object({
    resourceType: z.literal('DocumentReference'),
    id: z.string().optional(),
    type: CodeableConceptSchema.optional(),
    indexed: z.string().optional(),
    description: z.string().optional(),
    content: z.array(z.object({ attachment: AttachmentSchema })).default([]),
  })
  .loose();

export const AppointmentSchema = z
  .object({
    resourceType: z.literal('Appointment'),
    id: z.string().optional(),
    status: z.string().optional(),
    start: z.string().optional(),
    end: z.string().optional(),
    created: z.string().optional(),
    /** Why the appointment is as it is (eRS-ReviewReason-1 or eRS-ReviewOutcome-1), one at most. */
    reason: z.array(CodeableConceptSchema).optional(),
    /** Free text recorded with it, e.g. by the provider deferring it. */
    comment: z.string().optional(),
    participant: z
      .array(z.object({ actor: ReferenceSchema.optional(), status: z.string().optional() }).loose())
      .default([]),
  })
  .loose();

const ContainedSchema = z
  .object({
    resourceType: z.string(),
    id: z.string().optional(),
    parameter: z
      .array(z.object({ name: z.string(), valueCoding: CodingSchema.optional() }))
      .optional(),
    entry: z
      .array(
        z.object({
          item: z.object({
            identifier: z.object({ value: z.string().optional() }).optional(),
            display: z.string().optional(),
          }),
        }),
      )
      .optional(),
  })
  .loose();

export const ReferralRequestSchema = z
  .object({
    resourceType: z.literal('ReferralRequest'),
    id: z.string(),
    meta: z.object({ versionId: z.string().optional() }).loose().optional(),
    extension: z.array(ExtensionSchema).default([]),
    contained: z.array(ContainedSchema).default([]),
    specialty: CodeableConceptSchema.optional(),
    subject: z.object({
      identifier: z.object({ system: z.string().optional(), value: z.string() }),
    }),
    supportingInfo: z.array(ReferenceSchema).default([]),
  })
  .loose();
export type ReferralRequest = z.infer<typeof ReferralRequestSchema>;

export function findExtension(extensions: Extension[] | undefined, url: string) {
  return extensions?.find((extension) => extension.url === url);
}

// --- Compile-time checks against the published FHIR types -------------------------------------
// Each line fails to compile if one of our schemas reads a field FHIR does not have, or types it
// otherwise.
export type Conforms<Ours, Fhir> = [Exclude<keyof Ours, keyof Fhir>] extends [never]
  ? [Ours] extends [Fhir]
    ? true
    : false
  : false;
export type Check<T extends true> = T;
export type FhirConformance = [
  Check<Conforms<z.infer<typeof CodingSchema>, fhir3.Coding>>,
  Check<Conforms<z.infer<typeof IdentifierSchema>, fhir3.Identifier>>,
  Check<Conforms<Omit<ErsAttachment, 'extension'>, Omit<fhir3.Attachment, 'extension'>>>,
  Check<
    Conforms<
      Pick<
        z.infer<typeof AppointmentSchema>,
        'status' | 'start' | 'end' | 'created' | 'reason' | 'comment'
      >,
      Partial<
        Pick<fhir3.Appointment, 'status' | 'start' | 'end' | 'created' | 'reason' | 'comment'>
      >
    >
  >,
  Check<
    Conforms<
      Pick<z.infer<typeof DocumentReferenceSchema>, 'indexed' | 'description'>,
      Partial<Pick<fhir3.DocumentReference, 'indexed' | 'description'>>
    >
  >,
  Check<Conforms<z.infer<typeof IdentifierSchema>, fhir4.Identifier>>,
];
