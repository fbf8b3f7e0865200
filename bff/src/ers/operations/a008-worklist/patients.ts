/**
 * `GET /api/worklists/{listType}/patients?ubrn=...`: the name and date of birth of a few rows of
 * an A008 worklist this BFF served to this session, from PDS (worklist-patients.ts). When this
 * process does not have the rows, A008 is asked for the list again, unfiltered.
 */
import type { GatewayServices, Retrieval, RouteContext } from '../../operation';
import { listedPatients } from '../../worklist-patients';
import { worklistTypeParam } from './list-type';
import { retrieveWorklist } from './request';

export function worklistPatients(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
): Promise<Response> {
  const listType = worklistTypeParam(c, retrieval);
  return listedPatients(c, retrieval, services, listType, () =>
    retrieval.call((context) => retrieveWorklist(services.ers, context, listType)),
  );
}
