/**
 * e-RS reference data (A004): the code systems the BFF serves, and the view model of one.
 * Reference data is the same for every user, so the BFF caches it.
 */
import { z } from 'zod';
import { CodeSystemSchema } from './ers-fhir';

/** The code systems A004 serves (its `codeSystemType` enum); anything else is refused. */
export const REFERENCE_DATA_CODE_SYSTEMS = [
  'SPECIALTY',
  'PRIORITY',
  'CLINIC-TYPE',
  'APPOINTMENT-CANCELLATION-REASON',
  'REFERRAL-CANCELLATION-REASON',
  'APPOINTMENT-NON-ATTENDANCE-REASON',
] as const;
export const ReferenceDataCodeSystemSchema = z.enum(REFERENCE_DATA_CODE_SYSTEMS);
export type ReferenceDataCodeSystem = z.infer<typeof ReferenceDataCodeSystemSchema>;

export const ReferenceDataSchema = z.object({
  codeSystem: ReferenceDataCodeSystemSchema,
  version: z.string().nullable(),
  concepts: z.array(
    z.object({
      code: z.string(),
      display: z.string(),
      effectiveFrom: z.string().nullable(),
      /** In the past for retired codes, which old referrals still carry. */
      effectiveTo: z.string().nullable(),
      /** Other properties, e.g. PRIORITY's `deferToProviderContactDays` and `triageContactDays`. */
      properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    }),
  ),
});
export type ReferenceData = z.infer<typeof ReferenceDataSchema>;

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
        let effectiveFrom: string | null = null;
        let effectiveTo: string | null = null;
        for (const property of concept.property ?? []) {
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
        };
      }),
    },
  };
}
