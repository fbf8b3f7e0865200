/**
 * `GET /api/referrals/{ubrn}/attachments/{id}`: e-RS A042, the file itself, for the clinical
 * business functions. The id must be one of the attachments A005 lists for this referral as this
 * user sees it, and one e-RS says is AVAILABLE; anything else is refused before e-RS is asked.
 */
import { AppError } from '../../../http/app-error';
import { requireClinicalRole, requireOnBehalfOf, ubrnParam } from '../../access';
import { attachmentIndexKey, rememberAttachments } from '../../caches';
import { fileHeaders, sanitiseFilename, servedContentType } from '../../file-response';
import { defineOperation } from '../../operation';
import { REFERRAL_NOT_FOUND, refusal } from '../../refusal';
import { retrieveReferralRequest } from '../a005-referral-request/request';
import { parseAttachmentId, retrieveAttachment } from './request';

const ATTACHMENT_NOT_FOUND = {
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

export const attachment = defineOperation({
  id: 'A042',
  operationId: 'a042-retrieve-attachment',
  interaction: 'read',
  routes: [
    {
      route: 'attachment',
      method: 'GET',
      async handle(c, retrieval, services) {
        const ubrn = ubrnParam(c);
        retrieval.what.ubrn = ubrn;
        const id = parseAttachmentId(c.req.param('attachmentId') ?? '');
        if (!id) throw new AppError(400, 'invalid_attachment_id', 'That is not an attachment id.');
        retrieval.what.attachmentId = id;
        requireClinicalRole(c);
        requireOnBehalfOf(c);

        // The id must belong to this referral, as this user in this role sees it.
        const session = c.get('session');
        let attachments = services.attachments.lookup(attachmentIndexKey(session, ubrn));
        if (!attachments) {
          const referral = await retrieval.call((context) =>
            retrieveReferralRequest(services.ers, context, ubrn),
          );
          if (referral.kind !== 'ok') throw refusal(referral, { notFound: REFERRAL_NOT_FOUND });
          rememberAttachments(services.attachments, session, ubrn, referral.body);
          attachments = referral.body.attachments ?? [];
        }
        const listed = attachments.find((each) => each.id === id);
        if (!listed) {
          throw new AppError(404, ATTACHMENT_NOT_FOUND.code, ATTACHMENT_NOT_FOUND.detail);
        }
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
            notFound: ATTACHMENT_NOT_FOUND,
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
      },
    },
  ],
});
