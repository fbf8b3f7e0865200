/**
 * A042 `GET /R4/Binary/{id}`: an attachment. e-RS answers 307 to a short-lived object-store URL,
 * which we follow at once with a request of our own carrying nothing of e-RS's (no token, no
 * NHSD-* or correlation headers): the URL is the credential. Neither e-RS nor the object store
 * is asked twice once a body has started.
 */
import { ATTACHMENT_ID_PATTERN } from '@ers/shared/referral-summary';
import {
  acceptFile,
  actingContextHeaders,
  type ActingContext,
  type ErsConnection,
  type ErsFile,
} from '../../connection';
import type { ErsOutcome } from '../../outcome';
import { header } from '../../upstream';

export type AttachmentId = string & { readonly __brand: 'AttachmentId' };

export function parseAttachmentId(input: string): AttachmentId | null {
  return ATTACHMENT_ID_PATTERN.test(input) ? (input as AttachmentId) : null;
}

const REDIRECTS = new Set([302, 303, 307, 308]);

/**
 * Where A042's redirect may take us: an absolute https URL (http only for the local
 * stand-ins), no credentials in it. The URL itself is a short-lived credential: it is never
 * logged, cached or put in an outcome.
 */
function objectStoreUrl(location: string | undefined, allowHttp: boolean): URL | string {
  if (!location) return 'redirect without a Location';
  let target: URL;
  try {
    target = new URL(location);
  } catch {
    return 'redirect to a relative or malformed Location';
  }
  if (target.protocol !== 'https:' && !(target.protocol === 'http:' && allowHttp)) {
    return `redirect to a ${target.protocol} URL`;
  }
  if (target.username || target.password) return 'redirect to a URL with credentials';
  return target;
}

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
  const target = objectStoreUrl(header(redirect.headers, 'location'), ers.allowHttpObjectStore);
  if (typeof target === 'string') {
    return { kind: 'invalid_response', reason: `A042: ${target}`, requestId };
  }
  const download = await ers.sendElsewhere({
    label: 'object-store',
    method: 'GET',
    url: target,
    headers: { Accept: '*/*' },
    // The URL is single-use and short-lived: asking again would need a new redirect.
    retrySafe: false,
    expect: 'stream',
    log: context.log,
  });
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
