/**
 * `GET /api/worklists/{listType}?filters`: e-RS A008. Provider lists for provider business
 * functions, referrer lists for referrer ones (A008's pre-requisites); filters are validated
 * (shared/worklist-filters) before e-RS is asked. A 422 from A008 is about the list asked for
 * (its filters, usually), never about a referral, and reads so. Each row's NHS number is
 * remembered for the session, for the rows' names (`patients.ts`).
 */
import { parseWorklistFilters, worklistFiltersQuery } from '@ers/shared/worklist-filters';
import { AppError } from '../../../http/app-error';
import { requireOnBehalfOf } from '../../access';
import { defineOperation } from '../../operation';
import type { ErsFailure } from '../../outcome';
import { refusal } from '../../refusal';
import { worklistTypeParam } from './list-type';
import { worklistPatients } from './patients';
import { retrieveWorklist } from './request';

const CLEAR_FILTERS = 'Check the filters, or clear them to see the whole list.';

/** A008's 422 codes (its 422 response) a user's filters can cause, in words. */
const FILTER_PROBLEMS: Record<string, string> = {
  NO_RELATIONSHIP: `Your organisation has no relationship in e-RS with the service in these filters. ${CLEAR_FILTERS}`,
  REFERENCE_NOT_FOUND: `e-RS does not know the service, location or clinician in these filters. ${CLEAR_FILTERS}`,
  INVALID_CODE: `e-RS cannot filter by these values. ${CLEAR_FILTERS}`,
  INVALID_VALUE: `e-RS cannot filter by these values. ${CLEAR_FILTERS}`,
};

/**
 * The worklist problem for A008's 422 (and NO_RELATIONSHIP, which A008 answers for a service
 * filter). Without filters only our own request can be at fault: trying again will not help.
 */
function worklistUnprocessable(
  failure: ErsFailure & { kind: 'unprocessable' | 'no_relationship' },
  filtered: boolean,
): AppError {
  const detail =
    (filtered ? FILTER_PROBLEMS[failure.ersCode ?? ''] : undefined) ??
    (filtered
      ? `e-RS could not apply these filters. ${CLEAR_FILTERS}`
      : 'e-RS could not produce this worklist. Contact the e-RS service desk, quoting the IDs below.');
  return new AppError(422, 'worklist_unprocessable', detail, {
    cause: { kind: failure.kind, ersCode: failure.ersCode },
    ersRequestId: failure.requestId,
    ersCode: failure.ersCode,
  });
}

export const worklist = defineOperation({
  id: 'A008',
  operationId: 'a008-retrieve-worklist',
  interaction: 'operation',
  routes: [
    {
      route: 'worklist',
      method: 'GET',
      async handle(c, retrieval, services) {
        const listType = worklistTypeParam(c, retrieval);
        const filters = parseWorklistFilters(listType, c.req.queries());
        if (!filters.ok) throw new AppError(400, 'invalid_request', filters.detail);
        requireOnBehalfOf(c);
        const outcome = await retrieval.call((context) =>
          retrieveWorklist(services.ers, context, listType, filters.filters),
        );
        if (outcome.kind !== 'ok') {
          const filtered = worklistFiltersQuery(filters.filters) !== '';
          throw refusal(outcome, {
            unprocessable: (failure) => worklistUnprocessable(failure, filtered),
            noRelationship: (failure) => worklistUnprocessable(failure, filtered),
          });
        }
        const session = c.get('session');
        services.patients.rememberWorklist(
          { id: c.get('sessionId'), expiresAt: session.expiresAt, owner: session },
          listType,
          outcome.body.items,
        );
        return c.json(outcome.body);
      },
    },
    { route: 'worklistPatients', method: 'GET', handle: worklistPatients },
  ],
});
