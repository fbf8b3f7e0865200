/**
 * e-RS explains a refusal in an OperationOutcome: STU3 endpoints with eRS-OperationOutcome-1
 * (codes in eRS-APIErrorCode-1), R4 endpoints with NHSDigital-OperationOutcome (codes in
 * ers-error-codes, http-error-codes, NHSD-API-ErrorOrWarningCode). Both put the code in
 * `issue[0].details.coding[0].code`.
 */
import { z } from 'zod';

const OperationOutcomeSchema = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z
    .array(
      z
        .object({
          code: z.string().optional(),
          diagnostics: z.string().optional(),
          details: z
            .object({ coding: z.array(z.object({ code: z.string().optional() })).optional() })
            .optional(),
        })
        .loose(),
    )
    .default([]),
});

export type OutcomeDetails = {
  /** e.g. NO_RELATIONSHIP, PENDING, HISTORY_NOT_SUPPORTED. */
  ersCode: string | undefined;
  /** e-RS's own words; for the logs, never shown to users as is. */
  diagnostics: string | undefined;
};

export function outcomeDetails(body: unknown): OutcomeDetails {
  const outcome = OperationOutcomeSchema.safeParse(body);
  if (!outcome.success) return { ersCode: undefined, diagnostics: undefined };
  const issue = outcome.data.issue[0];
  return {
    ersCode: issue?.details?.coding?.find((coding) => coding.code)?.code,
    diagnostics: issue?.diagnostics,
  };
}
