/**
 * A043 `POST /STU3/CommunicationRequest/{ubrn}/$ers.generateCRI`: an Advice and Guidance
 * request's overview (summary and conversation) as a PDF. A POST only because FHIR operations
 * are; it renders what is already recorded and changes nothing, so repeating it is safe.
 */
import type { Ubrn } from '@ers/shared/ubrn';
import {
  acceptFile,
  actingContextHeaders,
  type ActingContext,
  type ErsConnection,
  type ErsFile,
} from '../../connection';
import type { ErsOutcome } from '../../outcome';
import { header } from '../../upstream';

export async function retrieveAdviceOverview(
  ers: ErsConnection,
  context: ActingContext,
  ubrn: Ubrn,
): Promise<ErsOutcome<ErsFile>> {
  const result = await ers.sendForStream({
    label: 'A043',
    method: 'POST',
    path: `/STU3/CommunicationRequest/${ubrn}/$ers.generateCRI`,
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
    return { kind: 'invalid_response', reason: 'A043: not a PDF', requestId };
  }
  return { kind: 'ok', body: ers.fileOf(result, result.stream), requestId };
}
