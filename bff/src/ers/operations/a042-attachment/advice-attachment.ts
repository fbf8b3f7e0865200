/**
 * `GET /api/advice-and-guidance/{ubrn}/attachments/{id}`: e-RS A042 for an Advice and Guidance
 * request's file (A024 and A025 say theirs "must be retrieved via A042"), for the business
 * functions that may read the request. The id must be one the request or its conversation lists
 * for this user: remembered from the A024 and A025 the page was built from, else asked again
 * (A024, then A025 at the version it gives; neither audited as this retrieval).
 */
import type { AttachmentSummary } from '@ers/shared/referral-summary';
import { AppError } from '../../../http/app-error';
import { ubrnParam } from '../../access';
import { adviceAttachmentKey, rememberAdviceAttachments } from '../../caches';
import type { GatewayServices, Retrieval, RouteContext } from '../../operation';
import { refusal } from '../../refusal';
import { parseAdviceVersion, retrieveAdviceRequest } from '../a024-advice-request/request';
import { ADVICE_FAILURES, requireAdviceReader } from '../a024-advice-request/access';
import { retrieveAdviceConversation } from '../a025-advice-conversation/request';
import { parseAttachmentId } from './request';
import { serveListedAttachment } from './serve';

const NOT_LISTED = {
  code: 'attachment_not_found',
  detail: 'This Advice and Guidance request has no attachment with that id.',
} as const;

async function listedAgain(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
  ubrn: Parameters<typeof retrieveAdviceRequest>[2],
): Promise<AttachmentSummary[]> {
  const session = c.get('session');
  const summary = await retrieval.call(
    (context) => retrieveAdviceRequest(services.ers, context, ubrn),
    { record: false },
  );
  if (summary.kind !== 'ok') throw refusal(summary, ADVICE_FAILURES);
  rememberAdviceAttachments(services.attachments, session, ubrn, summary.body.attachments);
  const version = parseAdviceVersion(summary.body.version ?? '');
  if (version) {
    const conversation = await retrieval.call(
      (context) => retrieveAdviceConversation(services.ers, context, ubrn, version),
      { record: false },
    );
    if (conversation.kind !== 'ok') throw refusal(conversation, ADVICE_FAILURES);
    rememberAdviceAttachments(
      services.attachments,
      session,
      ubrn,
      conversation.body.messages.flatMap((message) => message.attachments),
    );
  }
  return services.attachments.lookup(adviceAttachmentKey(session, ubrn)) ?? [];
}

export async function adviceAttachment(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
): Promise<Response> {
  const ubrn = ubrnParam(c);
  retrieval.what.ubrn = ubrn;
  const id = parseAttachmentId(c.req.param('attachmentId') ?? '');
  if (!id) throw new AppError(400, 'invalid_attachment_id', 'That is not an attachment id.');
  retrieval.what.attachmentId = id;
  requireAdviceReader(c);
  const known = services.attachments.lookup(adviceAttachmentKey(c.get('session'), ubrn));
  const listed =
    known?.find((each) => each.id === id) ??
    (await listedAgain(c, retrieval, services, ubrn)).find((each) => each.id === id);
  return serveListedAttachment(c, retrieval, services, id, listed, NOT_LISTED);
}
