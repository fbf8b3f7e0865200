/**
 * A042 `GET /R4/Binary/{id}`: an attachment. e-RS answers 307 to a short-lived object-store URL,
 * which we follow at once, only where ../../object-store.ts allows, with a request of our own
 * carrying nothing of e-RS's (no token, no NHSD-* or correlation headers): the URL is the
 * credential, so it is never logged, cached or put in an outcome. Neither e-RS nor the object
 * store is asked twice once a body has started, and the object store's own redirects are not
 * followed.
 */
import { ATTACHMENT_ID_PATTERN } from '@ers/shared/referral-summary';
import {
  acceptFile,
  actingContextHeaders,
  type ActingContext,
  type ErsConnection,
  type ErsFile,
} from '../../connection';
import {
  checkObjectStoreAddresses,
  isAddressRefusal,
  objectStoreUrl,
  type ObjectStoreRefusal,
} from '../../object-store';
import type { ErsOutcome } from '../../outcome';
import { header } from '../../upstream';

export type AttachmentId = string & { readonly __brand: 'AttachmentId' };

export function parseAttachmentId(input: string): AttachmentId | null {
  return ATTACHMENT_ID_PATTERN.test(input) ? (input as AttachmentId) : null;
}

const REDIRECTS = new Set([302, 303, 307, 308]);

export async function retrieveAttachment(
  ers: ErsConnection,
  context: ActingContext,
  attachmentId: AttachmentId,
  expectedType: string,
): Promise<ErsOutcome<ErsFile>> {
  const redirect = await ers.sendForStream({
    label: 'A042',
    method: 'GET',
    path: `/R4/Binary/${encodeURIComponent(attachmentId)}`,
    headers: actingContextHeaders(context, acceptFile(expectedType)),
    retrySafe: true,
    log: context.log,
  });
  if (redirect.kind !== 'response' || !REDIRECTS.has(redirect.status)) {
    if (redirect.kind === 'response' && redirect.status < 300) {
      redirect.stream?.destroy();
      return {
        kind: 'invalid_response',
        reason: `A042: ${redirect.status} instead of a redirect`,
        requestId: header(redirect.headers, 'x-request-id'),
      };
    }
    return ers.failureOf(redirect);
  }
  const requestId = header(redirect.headers, 'x-request-id');
  const refuse = (refusal: ObjectStoreRefusal): ErsOutcome<ErsFile> => {
    // The host only: the whole URL is a credential.
    context.log?.warn(
      { ersOperation: 'A042', objectStoreHost: refusal.host, reason: refusal.reason },
      'attachment redirect refused',
    );
    return { kind: 'invalid_response', reason: `A042: ${refusal.reason}`, requestId };
  };
  const policy = ers.objectStorePolicy;
  const target = objectStoreUrl(header(redirect.headers, 'location'), policy);
  if (!(target instanceof URL)) return refuse(target);
  const addressRefused = await checkObjectStoreAddresses(target, policy);
  if (addressRefused) return refuse(addressRefused);

  const download = await ers.sendToObjectStore({
    label: 'object-store',
    method: 'GET',
    url: target,
    headers: { Accept: '*/*' },
    expect: 'stream',
    log: context.log,
  });
  if (download.kind === 'network' && isAddressRefusal(download.cause)) {
    // DNS answered differently when the connection was made.
    return refuse({ reason: 'resolves to a non-public address on connecting', host: target.host });
  }
  switch (download.kind) {
    case 'busy':
    case 'timeout':
    case 'network':
      return { ...ers.failureOf(download), requestId };
    case 'response':
      if (download.status === 200 && download.stream) {
        return { kind: 'ok', body: ers.fileOf(download, download.stream), requestId };
      }
      // Whatever the object store said stays here: its headers are not e-RS's.
      download.stream?.destroy();
      return {
        kind: 'upstream_error',
        status: download.status,
        requestId,
        ersCode: undefined,
        diagnostics: undefined,
      };
  }
}
