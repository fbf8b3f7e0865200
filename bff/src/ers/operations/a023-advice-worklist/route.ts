/**
 * `GET /api/advice-and-guidance`: e-RS A023, the Advice and Guidance requests worklist, for the
 * provider business functions only (A023's pre-requisites: e-RS has no A&G worklist for
 * referring organisations). Its one list type has no filters, so its 422 can only be about our
 * own request. Each row's NHS number is remembered for the session, for the rows' names
 * (`GET /api/advice-and-guidance/patients`, worklist-patients.ts), which A023 is asked for again
 * when this process does not have them.
 */
import {
  ADVICE_WORKLIST_BUSINESS_FUNCTIONS,
  ADVICE_WORKLIST_TYPE,
} from '@ers/shared/worklist-access';
import { AppError } from '../../../http/app-error';
import { requireBusinessFunction, requireOnBehalfOf } from '../../access';
import { defineOperation, type Retrieval, type RouteContext } from '../../operation';
import { refusal } from '../../refusal';
import { listedPatients } from '../../worklist-patients';
import { retrieveAdviceWorklist } from './request';

function requireAdviceWorklist(c: RouteContext, retrieval: Retrieval): void {
  retrieval.what.listType = ADVICE_WORKLIST_TYPE;
  requireBusinessFunction(
    c,
    ADVICE_WORKLIST_BUSINESS_FUNCTIONS,
    'The Advice and Guidance worklist is for service providers: it is not available in the role you are working in.',
  );
}

export const adviceWorklist = defineOperation({
  id: 'A023',
  operationId: 'a023-retrieve-a&g-worklist',
  interaction: 'operation',
  routes: [
    {
      route: 'adviceWorklist',
      method: 'GET',
      async handle(c, retrieval, services) {
        requireAdviceWorklist(c, retrieval);
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
        const session = c.get('session');
        services.patients.rememberWorklist(
          { id: c.get('sessionId'), expiresAt: session.expiresAt, owner: session },
          ADVICE_WORKLIST_TYPE,
          outcome.body.items,
        );
        return c.json(outcome.body);
      },
    },
    {
      // Registered before A024's `/api/advice-and-guidance/:ubrn` (operations.ts lists A023
      // first), so `patients` is never taken for a UBRN.
      route: 'adviceWorklistPatients',
      method: 'GET',
      handle(c, retrieval, services) {
        requireAdviceWorklist(c, retrieval);
        return listedPatients(c, retrieval, services, ADVICE_WORKLIST_TYPE, () =>
          retrieval.call((context) => retrieveAdviceWorklist(services.ers, context)),
        );
      },
    },
  ],
});
