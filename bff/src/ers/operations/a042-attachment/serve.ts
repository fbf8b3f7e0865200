/**
 * Serving one listed attachment through e-RS A042, whoever listed it (A005 for a referral; A024
 * and A025 for an Advice and Guidance request): refused before e-RS when not in the list or not
 * AVAILABLE, then streamed with safe headers.
 */
import type { AttachmentSummary } from '@ers/shared/referral-summary';
import { AppError } from '../../../http/app-error';
import { fileHeaders, sanitiseFilename, servedContentType } from '../../file-response';
import type { GatewayServices, Retrieval, RouteContext } from '../../operation';
import { refusal } from '../../refusal';
import { retrieveAttachment, type AttachmentId } from './request';

export const ATTACHMENT_NOT_FOUND = {
  code: 'attachment_not_found',
  detail: 'This referral has no attachment with that id.',
} as const;

/** e-RS's 422 codes for a file that cannot be served, in words a clinician can act on. */
const ATTACHMENT_UNAVAILABLE: Record<string, string> = {
  PENDING: 'This file is still being checked for viruses. Try again in 5 minutes.',
  THREATS_FOUND:
    'This file was quarantined because a threat was found in it. Contact the organisation that attached it.',
  VALIDATION_FAILED:
    'This file failed e-RS checks and cannot be opened. Contact the organisation that attached it.',
};

export async function serveListedAttachment(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
  id: AttachmentId,
  listed: AttachmentSummary | undefined,
  notFound: { code: 'attachment_not_found'; detail: string } = ATTACHMENT_NOT_FOUND,
): Promise<Response> {
  if (!listed) throw new AppError(404, notFound.code, notFound.detail);
  if (listed.availability.code !== 'AVAILABLE') {
    throw new AppError(
      422,
      'attachment_unavailable',
      listed.availability.reason ?? 'This file cannot be opened at the moment.',
      { ersCode: listed.availability.code },
    );
  }
  const outcome = await retrieval.call((context) =>
    retrieveAttachment(
      services.ers,
      context,
      id,
      servedContentType(listed.contentType ?? undefined),
    ),
  );
  if (outcome.kind !== 'ok') {
    throw refusal(outcome, {
      notFound,
      unprocessable: (unprocessable) =>
        new AppError(
          422,
          'attachment_unavailable',
          ATTACHMENT_UNAVAILABLE[unprocessable.ersCode ?? ''] ??
            'This file cannot be opened at the moment.',
          {
            cause: { kind: unprocessable.kind, ersCode: unprocessable.ersCode },
            ersRequestId: unprocessable.requestId,
            ersCode: unprocessable.ersCode,
          },
        ),
    });
  }
  return c.body(
    outcome.body.stream,
    200,
    fileHeaders({
      upstreamType: outcome.body.contentType,
      filename: sanitiseFilename(listed.title, `attachment-${id}`),
      contentLength: outcome.body.contentLength,
    }),
  );
}
