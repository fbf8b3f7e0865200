/**
 * A004's answer, an e-RS STU3 `CodeSystem`, read into the reference-data view model. Effective
 * dates become fields of their own; every other concept property is kept by its code, coded ones
 * (which may repeat, e.g. `businessFunction`) as the list of their codes.
 */
import { z } from 'zod';
import type * as fhir3 from 'fhir/r3';
import { CodingSchema, type Check, type Conforms } from '@ers/shared/ers-fhir';
import type { ReferenceData, ReferenceDataCodeSystem } from '@ers/shared/reference-data';

export const CodeSystemSchema = z
  .object({
    resourceType: z.literal('CodeSystem'),
    id: z.string().optional(),
    version: z.string().optional(),
    concept: z
      .array(
        z.object({
          code: z.string(),
          display: z.string().optional(),
          property: z
            .array(
              z.object({
                code: z.string(),
                valueDateTime: z.string().optional(),
                valueInteger: z.number().optional(),
                valueString: z.string().optional(),
                valueBoolean: z.boolean().optional(),
                valueCoding: CodingSchema.optional(),
              }),
            )
            .optional(),
        }),
      )
      .default([]),
  })
  .loose();

type Concept = z.infer<typeof CodeSystemSchema>['concept'][number];
// Fails to compile if the schema reads a concept field FHIR STU3 does not have.
export type CodeSystemConformance = [
  Check<
    Conforms<Pick<Concept, 'code' | 'display'>, Pick<fhir3.CodeSystemConcept, 'code' | 'display'>>
  >,
  Check<Conforms<NonNullable<Concept['property']>[number], fhir3.CodeSystemConceptProperty>>,
];

export type ReferenceDataResult =
  { ok: true; referenceData: ReferenceData } | { ok: false; reason: string };

export function toReferenceData(
  codeSystem: ReferenceDataCodeSystem,
  fhir: unknown,
): ReferenceDataResult {
  const parsed = CodeSystemSchema.safeParse(fhir);
  if (!parsed.success) {
    return { ok: false, reason: `not an e-RS CodeSystem: ${parsed.error.issues[0]?.message}` };
  }
  return {
    ok: true,
    referenceData: {
      codeSystem,
      version: parsed.data.version ?? null,
      concepts: parsed.data.concept.map((concept) => {
        const properties: Record<string, string | number | boolean> = {};
        const codedProperties: Record<string, string[]> = {};
        let effectiveFrom: string | null = null;
        let effectiveTo: string | null = null;
        for (const property of concept.property ?? []) {
          const code = property.valueCoding?.code;
          if (code !== undefined) {
            (codedProperties[property.code] ??= []).push(code);
            continue;
          }
          const value =
            property.valueDateTime ??
            property.valueInteger ??
            property.valueString ??
            property.valueBoolean;
          if (value === undefined) continue;
          if (property.code === 'effectiveFrom') effectiveFrom = String(value);
          else if (property.code === 'effectiveTo') effectiveTo = String(value);
          else properties[property.code] = value;
        }
        return {
          code: concept.code,
          display: concept.display ?? concept.code,
          effectiveFrom,
          effectiveTo,
          properties,
          codedProperties,
        };
      }),
    },
  };
}
