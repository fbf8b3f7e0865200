/**
 * `GET /api/referrals/{ubrn}/clinical-information`: e-RS A007, the clinical information PDF, for
 * the clinical business functions. A GET here: reading it changes nothing.
 */
import { requireClinicalRole, requireOnBehalfOf, ubrnParam } from '../../access';
import { fileHeaders } from '../../file-response';
import { defineOperation } from '../../operation';
import { REFERRAL_NOT_FOUND, refusal } from '../../refusal';
import { retrieveClinicalInformation } from './request';

export const clinicalInformation = defineOperation({
  id: 'A007',
  operationId: 'a007-retrieve-clinical-information',
  interaction: 'operation',
  routes: [
    {
      route: 'clinicalInformation',
      method: 'GET',
      async handle(c, retrieval, services) {
        const ubrn = ubrnParam(c);
        retrieval.what.ubrn = ubrn;
        requireClinicalRole(c);
        requireOnBehalfOf(c);
        const outcome = await retrieval.call((context) =>
          retrieveClinicalInformation(services.ers, context, ubrn),
        );
        if (outcome.kind !== 'ok') throw refusal(outcome, { notFound: REFERRAL_NOT_FOUND });
        return c.body(
          outcome.body.stream,
          200,
          fileHeaders({
            upstreamType: outcome.body.contentType,
            filename: `clinical-information-${ubrn}.pdf`,
            contentLength: outcome.body.contentLength,
          }),
        );
      },
    },
  ],
});
