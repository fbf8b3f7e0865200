/**
 * `GET /api/advice-and-guidance/{ubrn}/overview`: e-RS A043, the Advice and Guidance overview
 * PDF, streamed as A007's clinical information is, for the business functions A043 allows a
 * user (the four clinical ones). A GET here: reading it changes nothing.
 */
import { ubrnParam } from '../../access';
import { fileHeaders } from '../../file-response';
import { defineOperation } from '../../operation';
import { refusal } from '../../refusal';
import { ADVICE_FAILURES, requireAdviceReader } from '../a024-advice-request/access';
import { retrieveAdviceOverview } from './request';

export const adviceOverview = defineOperation({
  id: 'A043',
  operationId: 'a043-retrieve-advice-and-guidance-overview-pdf',
  interaction: 'operation',
  routes: [
    {
      route: 'adviceOverview',
      method: 'GET',
      async handle(c, retrieval, services) {
        const ubrn = ubrnParam(c);
        retrieval.what.ubrn = ubrn;
        requireAdviceReader(c);
        const outcome = await retrieval.call((context) =>
          retrieveAdviceOverview(services.ers, context, ubrn),
        );
        if (outcome.kind !== 'ok') throw refusal(outcome, ADVICE_FAILURES);
        return c.body(
          outcome.body.stream,
          200,
          fileHeaders({
            upstreamType: outcome.body.contentType,
            filename: `advice-and-guidance-${ubrn}.pdf`,
            contentLength: outcome.body.contentLength,
          }),
        );
      },
    },
  ],
});
