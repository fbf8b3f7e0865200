/**
 * The body both `$ers.fetchworklist` operations take (A008 referrals, A023 Advice and Guidance): a
 * FHIR Parameters resource sent as FHIR JSON. e-RS refuses another media type with 415 and
 * anything that is not a Parameters resource with 422 INVALID_FHIR_STRUCTURE.
 */
import { stu3Outcome } from '../outcomes';
import type { OperationRequest, OperationResponse } from './types';

export function fetchWorklistParameters(
  request: Pick<OperationRequest, 'headers' | 'body'>,
): { ok: true; parameters: unknown[] } | { ok: false; response: OperationResponse } {
  const contentType = String(request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim();
  if (contentType !== 'application/fhir+json') {
    return {
      ok: false,
      response: {
        status: 415,
        body: undefined,
        raw: Buffer.from('Unsupported Media Type'),
        headers: { 'content-type': 'text/plain;charset=utf-8' },
      },
    };
  }
  const invalid = (diagnostics: string) => ({
    ok: false as const,
    response: stu3Outcome(
      422,
      'value',
      'INVALID_FHIR_STRUCTURE',
      'Invalid FHIR structure',
      diagnostics,
    ),
  });
  let parameters: { resourceType?: unknown; parameter?: unknown };
  try {
    parameters = JSON.parse(request.body) as typeof parameters;
  } catch {
    return invalid('Body is not JSON.');
  }
  if (parameters?.resourceType !== 'Parameters' || !Array.isArray(parameters.parameter)) {
    return invalid('Body must be a FHIR Parameters resource.');
  }
  return { ok: true, parameters: parameters.parameter as unknown[] };
}
