/**
 * `GET /api/worklists/{listType}?filters`: e-RS A008. Provider lists for provider business
 * functions, referrer lists for referrer ones (A008's pre-requisites); filters are validated
 * (shared/worklist-filters) before e-RS is asked.
 */
import {
  WORKLIST_BUSINESS_FUNCTIONS,
  WORKLIST_LABELS,
  WorklistTypeSchema,
} from '@ers/shared/worklist';
import { parseWorklistFilters } from '@ers/shared/worklist-filters';
import { AppError } from '../../../http/app-error';
import { requireBusinessFunction, requireOnBehalfOf } from '../../access';
import { defineOperation } from '../../operation';
import { refusal } from '../../refusal';
import { retrieveWorklist } from './request';

export const worklist = defineOperation({
  id: 'A008',
  operationId: 'a008-retrieve-worklist',
  interaction: 'operation',
  routes: [
    {
      route: 'worklist',
      method: 'GET',
      async handle(c, retrieval, services) {
        const parsed = WorklistTypeSchema.safeParse(c.req.param('listType'));
        if (!parsed.success) {
          throw new AppError(400, 'invalid_list_type', 'There is no such worklist.');
        }
        const listType = parsed.data;
        retrieval.what.listType = listType;
        requireBusinessFunction(
          c,
          WORKLIST_BUSINESS_FUNCTIONS[listType],
          `The ${WORKLIST_LABELS[listType].toLowerCase()} worklist is not available in the role you are working in.`,
        );
        const filters = parseWorklistFilters(listType, c.req.queries());
        if (!filters.ok) throw new AppError(400, 'invalid_request', filters.detail);
        requireOnBehalfOf(c);
        const outcome = await retrieval.call((context) =>
          retrieveWorklist(services.ers, context, listType, filters.filters),
        );
        if (outcome.kind !== 'ok') throw refusal(outcome);
        return c.json(outcome.body);
      },
    },
  ],
});
