/**
 * `GET /api/referrals/{ubrn}/attachments/{id}`: e-RS A042, the file itself, for the clinical
 * business functions. The id must be one of the attachments A005 lists for this referral as this
 * user sees it, and one e-RS says is AVAILABLE; anything else is refused before e-RS is asked.
 * `GET /api/advice-and-guidance/{ubrn}/attachments/{id}` is the same for an Advice and Guidance
 * request's files (advice-attachment.ts).
 */
import { AppError } from '../../../http/app-error';
import { requireClinicalRole, requireOnBehalfOf, ubrnParam } from '../../access';
import { attachmentIndexKey, rememberAttachments } from '../../caches';
import { defineOperation } from '../../operation';
import { REFERRAL_NOT_FOUND, refusal } from '../../refusal';
import { retrieveReferralRequest } from '../a005-referral-request/request';
import { adviceAttachment } from './advice-attachment';
import { parseAttachmentId } from './request';
import { serveListedAttachment } from './serve';

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
        return serveListedAttachment(
          c,
          retrieval,
          services,
          id,
          attachments.find((each) => each.id === id),
        );
      },
    },
    { route: 'adviceAttachment', method: 'GET', handle: adviceAttachment },
  ],
});
