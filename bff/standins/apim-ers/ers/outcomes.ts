/**
 * OperationOutcome bodies, shaped as each layer sends them:
 * - APIM's proxy (NHSDigital/e-referrals-service-api, AssignMessage.*OperationOutcome*): token,
 *   assurance, ODS header and rate-limit refusals. STU3 paths get the eRS-OperationOutcome-1
 *   profile and eRS-APIErrorCode-1 codes, R4 paths the R4 profile and NHSD-API-ErrorOrWarningCode,
 *   and neither carries a coding `display` (the spec's STU3 schema asks for one; APIM sends none).
 * - e-RS itself: STU3 as in the spec's examples (with `display`), R4 as NHSDigital-OperationOutcome.
 */
export type Flavour = 'STU3' | 'R4';

export const STU3_PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/eRS-OperationOutcome-1';
export const R4_PROFILE = 'https://www.hl7.org/fhir/R4/operationoutcome.html';
export const STU3_ERROR_SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-APIErrorCode-1';
export const APIM_ERROR_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode';
export const HTTP_ERROR_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/http-error-codes';
export const ERS_ERROR_SYSTEM = 'https://fhir.nhs.uk/CodeSystem/ers-error-codes';

export type Outcome = { status: number; body: unknown; headers?: Record<string, string> };

/** A refusal made by APIM's proxy in front of e-RS. */
export function apimOutcome(
  flavour: Flavour,
  status: number,
  issueCode: string,
  diagnostics: string,
  now: number,
  codes: { stu3: string; r4: string } = { stu3: 'NO_ACCESS', r4: 'ACCESS_DENIED' },
): Outcome {
  return {
    status,
    body: {
      resourceType: 'OperationOutcome',
      meta: {
        lastUpdated: new Date(now).toISOString(),
        profile: [flavour === 'STU3' ? STU3_PROFILE : R4_PROFILE],
      },
      issue: [
        {
          severity: 'error',
          code: issueCode,
          details: {
            coding: [
              flavour === 'STU3'
                ? { system: STU3_ERROR_SYSTEM, code: codes.stu3 }
                : { system: APIM_ERROR_SYSTEM, code: codes.r4 },
            ],
          },
          diagnostics,
        },
      ],
    },
  };
}

/** An e-RS refusal on an STU3 endpoint, shaped like the spec's examples. */
export function stu3Outcome(
  status: number,
  issueCode: string,
  code: string,
  display: string,
  diagnostics?: string,
  headers?: Record<string, string>,
): Outcome {
  return {
    status,
    ...(headers ? { headers } : {}),
    body: {
      meta: { profile: [STU3_PROFILE] },
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: issueCode,
          details: { coding: [{ system: STU3_ERROR_SYSTEM, code, display }] },
          ...(diagnostics ? { diagnostics } : {}),
        },
      ],
    },
  };
}

/** An e-RS refusal on an R4 endpoint (NHSDigital-OperationOutcome). */
export function r4Outcome(
  status: number,
  issueCode: string,
  system: string,
  code: string,
  now: number,
  diagnostics?: string,
  headers?: Record<string, string>,
): Outcome {
  return {
    status,
    ...(headers ? { headers } : {}),
    body: {
      resourceType: 'OperationOutcome',
      meta: { lastUpdated: new Date(now).toISOString() },
      issue: [
        {
          severity: 'error',
          code: issueCode,
          details: { coding: [{ system, code }] },
          ...(diagnostics ? { diagnostics } : {}),
        },
      ],
    },
  };
}

/** The e-RS refusals the operations share, in each flavour. */
export function ersErrors(flavour: Flavour, now: number) {
  const forbidden = (diagnostics: string) =>
    flavour === 'STU3'
      ? stu3Outcome(403, 'forbidden', 'FORBIDDEN', 'Forbidden', diagnostics)
      : r4Outcome(403, 'forbidden', HTTP_ERROR_SYSTEM, 'REC_FORBIDDEN', now, diagnostics);
  return {
    forbidden,
    notFound: (diagnostics: string) =>
      flavour === 'STU3'
        ? stu3Outcome(404, 'not-found', 'REFERENCE_NOT_FOUND', 'Reference not found', diagnostics)
        : r4Outcome(404, 'not-found', HTTP_ERROR_SYSTEM, 'REC_NOT_FOUND', now, diagnostics),
    badRequest: (diagnostics: string) =>
      flavour === 'STU3'
        ? stu3Outcome(400, 'invalid', 'INVALID_PARAMETER', 'Invalid parameter', diagnostics)
        : r4Outcome(400, 'invalid', HTTP_ERROR_SYSTEM, 'REC_BAD_REQUEST', now, diagnostics),
    unavailable: (retryAfter?: string) => {
      const headers = retryAfter ? { 'Retry-After': retryAfter } : undefined;
      return flavour === 'STU3'
        ? stu3Outcome(
            503,
            'transient',
            'SYSTEM_UNAVAILABLE',
            'System Unavailable',
            undefined,
            headers,
          )
        : r4Outcome(
            503,
            'transient',
            HTTP_ERROR_SYSTEM,
            'REC_UNAVAILABLE',
            now,
            undefined,
            headers,
          );
    },
    serverError: () =>
      flavour === 'STU3'
        ? stu3Outcome(500, 'exception', 'SERVICE_ERROR', 'Service error')
        : r4Outcome(500, 'exception', HTTP_ERROR_SYSTEM, 'REC_SERVER_ERROR', now),
  };
}
