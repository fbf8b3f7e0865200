/**
 * e-RS A033 (`GET /R4/HealthcareService/{id}`, FHIR R4): one service as a referrer reads it
 * before choosing where to send a patient. Mapped here because the BFF and the SPA's mock
 * handlers read the same FHIR.
 */
import { z } from 'zod';
import { CodingSchema, type Coding } from './ers-fhir';
import { CodedValueSchema, toCodedValue, type CodedValue } from './coded-value';

const SD = 'https://fhir.nhs.uk/StructureDefinition/';
export const healthcareServiceExtension = {
  hoursOfOperation: `${SD}Extension-eRS-HoursOfOperation`,
  instructions: `${SD}Extension-eRS-ServiceInstructions`,
  contact: `${SD}Extension-eRS-HealthcareService-Contact`,
} as const;
export const ODS_SITE_CODE_SYSTEM = 'https://fhir.nhs.uk/Id/ods-site-code';
const REQUEST_FLOW_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/eRS-RequestFlowType';
const BOOKABLE_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/eRS-BookableType';

/** A service id as e-RS issues them (digits in every example); nothing that could leave the path. */
export const SERVICE_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/** Our words for the request-flow type: e-RS's displays are definitions, too long for a row. */
const REQUEST_FLOW_LABELS: Record<string, string> = {
  BOOKABLE: 'Appointments are booked',
  REVIEW: 'Referrals are reviewed without an appointment',
  ADVICE_AND_GUIDANCE: 'Advice and Guidance only',
};

export const HealthcareServiceDetailsSchema = z.object({
  id: z.string(),
  /** `meta.versionId`: which version of the service this is. */
  version: z.string().nullable(),
  name: z.string(),
  /** ODS site codes of the places the service runs from. */
  locations: z.array(z.string()),
  /** Appointment (clinic) types the service offers: eRS-AppointmentType. */
  appointmentTypes: z.array(CodedValueSchema),
  requestFlow: CodedValueSchema.nullable(),
  bookable: CodedValueSchema.nullable(),
  hoursOfOperation: z.string().nullable(),
  instructions: z.string().nullable(),
  contacts: z.array(
    z.object({
      /** Who the contact is for, e.g. Patient, Healthcare Professionals. */
      purpose: z.string().nullable(),
      system: z.string().nullable(),
      value: z.string(),
    }),
  ),
});
export type HealthcareServiceDetails = z.infer<typeof HealthcareServiceDetailsSchema>;

const ConceptSchema = z.object({ coding: z.array(CodingSchema).default([]) });

const HealthcareServiceSchema = z
  .object({
    resourceType: z.literal('HealthcareService'),
    id: z.string(),
    meta: z.object({ versionId: z.string().optional() }).optional(),
    name: z.string(),
    location: z
      .array(
        z.object({
          identifier: z.object({ system: z.string().optional(), value: z.string() }).optional(),
        }),
      )
      .default([]),
    // e-RS's A033 sends `type` as one object, not FHIR's array (the specification's "Known
    // Issues"): both are read, so the fix on their side changes nothing here.
    type: z
      .union([z.array(ConceptSchema), ConceptSchema])
      .optional()
      .transform((type) => (type === undefined ? [] : Array.isArray(type) ? type : [type])),
    characteristic: z.array(ConceptSchema).default([]),
    extension: z
      .array(
        z
          .object({
            url: z.string(),
            valueString: z.string().optional(),
            extension: z
              .array(
                z.object({
                  url: z.string(),
                  valueCodeableConcept: ConceptSchema.optional(),
                  valueContactPoint: z
                    .object({ system: z.string().optional(), value: z.string().optional() })
                    .optional(),
                }),
              )
              .optional(),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();

export type HealthcareServiceResult =
  { ok: true; service: HealthcareServiceDetails } | { ok: false; reason: string };

const codingIn = (concepts: Array<{ coding: Coding[] }>, system: string) =>
  concepts.flatMap((concept) => concept.coding).find((coding) => coding.system === system);

export function toHealthcareService(fhir: unknown): HealthcareServiceResult {
  const parsed = HealthcareServiceSchema.safeParse(fhir);
  if (!parsed.success) {
    return {
      ok: false,
      reason: `not an e-RS HealthcareService: ${parsed.error.issues[0]?.message}`,
    };
  }
  const service = parsed.data;
  const valueOf = (url: string) =>
    service.extension.find((extension) => extension.url === url)?.valueString ?? null;
  const contacts = service.extension
    .filter((extension) => extension.url === healthcareServiceExtension.contact)
    .flatMap((extension) => {
      const part = (url: string) => extension.extension?.find((inner) => inner.url === url);
      const telecom = part('telecom')?.valueContactPoint;
      if (!telecom?.value) return [];
      const purpose = part('purpose')?.valueCodeableConcept?.coding[0];
      return [
        {
          purpose: purpose?.display ?? purpose?.code ?? null,
          system: telecom.system ?? null,
          value: telecom.value,
        },
      ];
    });
  return {
    ok: true,
    service: {
      id: service.id,
      version: service.meta?.versionId ?? null,
      name: service.name,
      locations: service.location.flatMap((location) =>
        location.identifier?.value ? [location.identifier.value] : [],
      ),
      appointmentTypes: service.type
        .flatMap((concept) => concept.coding)
        .map((coding) => toCodedValue(coding))
        .filter((value): value is CodedValue => value !== null),
      requestFlow: toCodedValue(
        codingIn(service.characteristic, REQUEST_FLOW_SYSTEM),
        REQUEST_FLOW_LABELS,
      ),
      bookable: toCodedValue(codingIn(service.characteristic, BOOKABLE_SYSTEM)),
      hoursOfOperation: valueOf(healthcareServiceExtension.hoursOfOperation),
      instructions: valueOf(healthcareServiceExtension.instructions),
      contacts,
    },
  };
}
