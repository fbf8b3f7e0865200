/**
 * e-RS reference data (A004): the code systems the BFF serves, and the view model of one.
 * Reference data is the same for every user, so the BFF caches it. The BFF builds it from e-RS's
 * CodeSystem (bff/src/ers/operations/a004-reference-data).
 */
import { z } from 'zod';

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
      /**
       * Coded properties by their code, each with every code given (a property may repeat), e.g.
       * CLINIC-TYPE's `specialty` (the SPECIALTY it belongs to), a cancellation reason's
       * `businessFunction`s and `usage` or `referrerUsage`.
       */
      codedProperties: z.record(z.string(), z.array(z.string())),
    }),
  ),
});
export type ReferenceData = z.infer<typeof ReferenceDataSchema>;
