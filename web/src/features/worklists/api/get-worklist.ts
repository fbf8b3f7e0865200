import { queryOptions } from '@tanstack/react-query';
import { apiPaths } from '@ers/shared/bff-contract';
import { WorklistSchema, type Worklist } from '@ers/shared/worklist';
import type { WorklistType } from '@ers/shared/worklist-access';
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
