/**
 * e-RS's `$ers.generateCRI` operation, which A007 (a referral's clinical information) and A043
 * (an Advice and Guidance request's overview) share: a PDF of what is already recorded. A POST
 * only because FHIR operations are; it changes nothing, so repeating it is safe.
 */
import {
  acceptFile,
  actingContextHeaders,
  type ActingContext,
  type ErsConnection,
  type ErsFile,
} from './connection';
import type { ErsOutcome } from './outcome';
import { header } from './upstream';

export async function generateCri(
  ers: ErsConnection,
  context: ActingContext,
  operation: { label: 'A007' | 'A043'; path: string },
): Promise<ErsOutcome<ErsFile>> {
  const result = await ers.sendForStream({
    label: operation.label,
    method: 'POST',
    path: operation.path,
    headers: actingContextHeaders(context, acceptFile('application/pdf')),
    // No body; an explicit empty one sends Content-Length: 0, which proxies insist on.
    body: '',
    retrySafe: true,
    log: context.log,
  });
  if (result.kind !== 'response' || result.status !== 200 || !result.stream) {
    return ers.failureOf(result);
  }
  const requestId = header(result.headers, 'x-request-id');
  const type = header(result.headers, 'content-type') ?? '';
  if (!/^application\/pdf\s*(;|$)/i.test(type)) {
    result.stream.destroy();
    return { kind: 'invalid_response', reason: `${operation.label}: not a PDF`, requestId };
  }
  return { kind: 'ok', body: ers.fileOf(result, result.stream), requestId };
}
