/**
 * `GET /api/advice-and-guidance/{ubrn}/versions/{version}/conversation`: e-RS A025, the
 * conversation of an Advice and Guidance request at the version A024 gave (e-RS serves only the
 * latest: another is a 404, read as "changed since you opened it"). The same business functions
 * as A024. A025 refuses a request with a 400 carrying the code (NO_RELATIONSHIP,
 * INVALID_REQUEST_TYPE, PATIENT_ERROR) where A024 answers 422: both read the same here.
 */
import { AppError } from '../../../http/app-error';
import { ubrnParam } from '../../access';
import { rememberAdviceAttachments } from '../../caches';
import { defineOperation } from '../../operation';
import { refusal } from '../../refusal';
import {
  ADVICE_FAILURES,
  VERSION_NOT_CURRENT,
  adviceUnprocessable,
  requireAdviceReader,
  versionParam,
} from '../a024-advice-request/access';
import { retrieveAdviceConversation } from './request';

export const adviceConversation = defineOperation({
  id: 'A025',
  operationId: 'a025-retrieve-advice-and-guidance-conversation',
  interaction: 'search-type',
  routes: [
    {
      route: 'adviceConversation',
      method: 'GET',
      async handle(c, retrieval, services) {
        const ubrn = ubrnParam(c);
        retrieval.what.ubrn = ubrn;
        const version = versionParam(c, retrieval);
        requireAdviceReader(c);
        const outcome = await retrieval.call((context) =>
          retrieveAdviceConversation(services.ers, context, ubrn, version),
        );
        if (outcome.kind === 'ok') {
          rememberAdviceAttachments(
            services.attachments,
            c.get('session'),
            ubrn,
            outcome.body.messages.flatMap((message) => message.attachments),
          );
          return c.json(outcome.body);
        }
        if (outcome.kind === 'upstream_error' && outcome.status === 400) {
          if (outcome.ersCode === 'NO_RELATIONSHIP') {
            throw ADVICE_FAILURES.noRelationship!({ ...outcome, kind: 'no_relationship' });
          }
          if (outcome.ersCode === 'INVALID_REQUEST_TYPE' || outcome.ersCode === 'PATIENT_ERROR') {
            throw adviceUnprocessable(outcome);
          }
        }
        if (outcome.kind === 'not_found') {
          // A025's 404 is "not found, or not the version asked for"; A024 has just found it.
          throw new AppError(404, VERSION_NOT_CURRENT.code, VERSION_NOT_CURRENT.detail, {
            cause: { kind: outcome.kind, ersCode: outcome.ersCode },
            ersRequestId: outcome.requestId,
            ersCode: outcome.ersCode,
          });
        }
        throw refusal(outcome, ADVICE_FAILURES);
      },
    },
  ],
});
