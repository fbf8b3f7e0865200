/** The worklist routes' list type and access rule (A008's pre-requisites), checked before any call. */
import { WorklistTypeSchema } from '@ers/shared/worklist';
import {
  WORKLIST_BUSINESS_FUNCTIONS,
  WORKLIST_LABELS,
  type WorklistType,
} from '@ers/shared/worklist-access';
import { AppError } from '../../../http/app-error';
import { requireBusinessFunction } from '../../access';
import type { Retrieval, RouteContext } from '../../operation';

/**
 * Provider lists for provider business functions, referrer lists for referrer ones; the list
 * type goes in the audit event.
 */
export function worklistTypeParam(c: RouteContext, retrieval: Retrieval): WorklistType {
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
  return listType;
}
