/**
 * `GET /api/advice-and-guidance`: e-RS A023, the Advice and Guidance requests worklist, for the
 * provider business functions only (A023's pre-requisites: e-RS has no A&G worklist for
 * referring organisations). Its one list type has no filters, so its 422 can only be about our
 * own request.
 */
import { ADVICE_WORKLIST_BUSINESS_FUNCTIONS } from '@ers/shared/worklist-access';
import { AppError } from '../../../http/app-error';
import { requireBusinessFunction, requireOnBehalfOf } from '../../access';
import { defineOperation } from '../../operation';
import { refusal } from '../../refusal';
import { retrieveAdviceWorklist } from './request';

export const adviceWorklist = defineOperation({
  id: 'A023',
  operationId: 'a023-retrieve-a&g-worklist',
  interaction: 'operation',
  routes: [
    {
      route: 'adviceWorklist',
      method: 'GET',
      async handle(c, retrieval, services) {
        retrieval.what.listType = 'ADVICE_AND_GUIDANCE_REQUESTS';
        requireBusinessFunction(
          c,
          ADVICE_WORKLIST_BUSINESS_FUNCTIONS,
          'The Advice and Guidance worklist is for service providers: it is not available in the role you are working in.',
        );
        requireOnBehalfOf(c);
        const outcome = await retrieval.call((context) =>
          retrieveAdviceWorklist(services.ers, context),
        );
        if (outcome.kind !== 'ok') {
          throw refusal(outcome, {
            unprocessable: (failure) =>
              new AppError(
                422,
                'worklist_unprocessable',
                'e-RS could not produce this worklist. Contact the e-RS service desk, quoting the IDs below.',
                {
                  cause: { kind: failure.kind, ersCode: failure.ersCode },
                  ersRequestId: failure.requestId,
                  ersCode: failure.ersCode,
                },
              ),
          });
        }
        return c.json(outcome.body);
      },
    },
  ],
});
