import { queryOptions } from '@tanstack/react-query';
import { apiPaths, type BusinessFunction } from '@ers/shared/bff-contract';
import {
  WORKLIST_BUSINESS_FUNCTIONS,
  WORKLIST_TYPES,
  WorklistSchema,
  type Worklist,
  type WorklistType,
} from '@ers/shared/worklist';
import { apiRequest } from '@/lib/api-client';

export function getWorklist(
  listType: WorklistType,
  { signal }: { signal?: AbortSignal } = {},
): Promise<Worklist> {
  return apiRequest(apiPaths.worklist(listType), WorklistSchema, signal ? { signal } : {});
}

export const worklistKeys = {
  all: ['worklists'] as const,
  list: (listType: WorklistType) => ['worklists', listType] as const,
};

export function worklistQueryOptions(listType: WorklistType) {
  return queryOptions({
    queryKey: worklistKeys.list(listType),
    queryFn: ({ signal }) => getWorklist(listType, { signal }),
  });
}

/** The worklists e-RS lets this business function ask for, in the shared order. */
export function worklistTypesFor(businessFunction: BusinessFunction): WorklistType[] {
  return WORKLIST_TYPES.filter((listType) =>
    WORKLIST_BUSINESS_FUNCTIONS[listType].includes(businessFunction),
  );
}

export function isWorklistType(value: string | undefined): value is WorklistType {
  return (WORKLIST_TYPES as readonly string[]).includes(value ?? '');
}
