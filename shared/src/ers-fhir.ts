/**
 * The small part of the e-RS STU3 profiles this client reads: extension URLs, code systems and
 * schemas of the fields we use. Upstream JSON is parsed with these before anything reads it;
 * unknown fields pass through untouched (e-RS adds fields between releases).
 */
import { z } from 'zod';

const SD = 'https://fhir.nhs.uk/STU3/StructureDefinition/';

export const ersExtension = {
  priority: `${SD}Extension-eRS-ReferralPriority-1`,
  referralState: `${SD}Extension-eRS-ReferralState-1`,
  shortlist: `${SD}Extension-eRS-ReferralShortlist-1`,
  clinicalInfoFirstSubmitted: `${SD}Extension-eRS-ClinicalInfoFirstSubmitted-1`,
  clinicalInfoLastUpdated: `${SD}Extension-eRS-ClinicalInfoLastUpdated-1`,
  pathwayStart: `${SD}Extension-eRS-eReferralPathwayStart-1`,
} as const;

export const NHS_NUMBER_SYSTEM = 'http://fhir.nhs.net/Id/nhs-number';

const CodingSchema = z.object({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
export type Coding = z.infer<typeof CodingSchema>;

// Extensions nest; z.lazy keeps the recursion typed.
export type Extension = {
  url: string;
  valueCoding?: Coding;
  valueCodeableConcept?: { coding?: Coding[] };
  valueDateTime?: string;
  valueReference?: { reference?: string };
  extension?: Extension[];
};
const ExtensionSchema: z.ZodType<Extension> = z.lazy(() =>
  z.object({
    url: z.string(),
    valueCoding: CodingSchema.optional(),
    valueCodeableConcept: z.object({ coding: z.array(CodingSchema).optional() }).optional(),
    valueDateTime: z.string().optional(),
    valueReference: z.object({ reference: z.string().optional() }).optional(),
    extension: z.array(ExtensionSchema).optional(),
  }),
);

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
    subject: z.object({
      identifier: z.object({ system: z.string().optional(), value: z.string() }),
    }),
  })
  .loose();
export type ReferralRequest = z.infer<typeof ReferralRequestSchema>;

export function findExtension(extensions: Extension[] | undefined, url: string) {
  return extensions?.find((extension) => extension.url === url);
}
