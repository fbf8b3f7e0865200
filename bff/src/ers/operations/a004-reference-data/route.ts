/**
 * `GET /api/reference-data/{codeSystem}`: e-RS A004 for the clinical business functions (its
 * pre-requisites), with the on-behalf-of header for an SPC admin (required where that business
 * function is used). The same for every user, so one answer is cached for everyone (caches.ts),
 * after the access checks: whether a user may have it never depends on who asked first.
 */
import { CLINICAL_BUSINESS_FUNCTIONS } from '@ers/shared/bff-contract';
import { ReferenceDataCodeSystemSchema } from '@ers/shared/reference-data';
import { AppError } from '../../../http/app-error';
import { requireBusinessFunction, requireOnBehalfOf } from '../../access';
import { defineOperation } from '../../operation';
import { refusal } from '../../refusal';
import { retrieveReferenceData } from './request';

export const referenceData = defineOperation({
  id: 'A004',
  operationId: 'a004-retrieve-reference-data',
  interaction: 'read',
  routes: [
    {
      route: 'referenceData',
      method: 'GET',
      async handle(c, retrieval, services) {
        const parsed = ReferenceDataCodeSystemSchema.safeParse(c.req.param('codeSystem'));
        if (!parsed.success) {
          throw new AppError(400, 'invalid_code_system', 'There is no such reference data.');
        }
        const codeSystem = parsed.data;
        retrieval.what.codeSystem = codeSystem;
        requireBusinessFunction(
          c,
          CLINICAL_BUSINESS_FUNCTIONS,
          'Reference data is not available in the role you are working in.',
        );
        requireOnBehalfOf(c);
        const { outcome, cached } = await services.referenceData.get(codeSystem, () =>
          retrieval.call((context) => retrieveReferenceData(services.ers, context, codeSystem)),
        );
        if (cached) retrieval.servedFromCache(outcome.kind);
        if (outcome.kind !== 'ok') throw refusal(outcome);
        return c.json(outcome.body);
      },
    },
  ],
});
