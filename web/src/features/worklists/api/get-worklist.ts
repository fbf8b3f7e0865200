import { queryOptions } from '@tanstack/react-query';
import { apiPaths, type BusinessFunction } from '@ers/shared/bff-contract';
import {
  WORKLIST_BUSINESS_FUNCTIONS,
  WORKLIST_TYPES,
  WorklistSchema,
  type Worklist,
  type WorklistType,
} from '@ers/shared/worklist';
import { worklistFiltersQuery, type WorklistFilters } from '@ers/shared/worklist-filters';
import { apiRequest } from '@/lib/api-client';
import { filtersFrom } from '../utils/worklist-url';

export function getWorklist(
  listType: WorklistType,
  filters: WorklistFilters = {},
  { signal }: { signal?: AbortSignal } = {},
): Promise<Worklist> {
  return apiRequest(
    `${apiPaths.worklist(listType)}${worklistFiltersQuery(filters)}`,
    WorklistSchema,
    signal ? { signal } : {},
  );
}

export const worklistKeys = {
  all: ['worklists'] as const,
  list: (listType: WorklistType, filters: WorklistFilters = {}) =>
    ['worklists', listType, filters] as const,
};

export function worklistQueryOptions(listType: WorklistType, filters: WorklistFilters = {}) {
  return queryOptions({
    queryKey: worklistKeys.list(listType, filters),
    queryFn: ({ signal }) => getWorklist(listType, filters, { signal }),
  });
}

/**
 * The filters in a worklist page's URL search params. Ones the BFF would refuse are dropped as a
 * whole: the list shows unfiltered.
 */
export function worklistFiltersFrom(
  listType: WorklistType,
  searchParams: URLSearchParams,
): WorklistFilters {
  return filtersFrom(listType, searchParams) ?? {};
}

export const hasFilters = (filters: WorklistFilters) => Object.keys(filters).length > 0;

/** The worklists e-RS lets this business function ask for, in the shared order. */
export function worklistTypesFor(businessFunction: BusinessFunction): WorklistType[] {
  return WORKLIST_TYPES.filter((listType) =>
    WORKLIST_BUSINESS_FUNCTIONS[listType].includes(businessFunction),
  );
}

export function isWorklistType(value: string | undefined): value is WorklistType {
  return (WORKLIST_TYPES as readonly string[]).includes(value ?? '');
}
