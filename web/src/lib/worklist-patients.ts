import { queryOptions, useQueries, useQueryClient, type QueryKey } from '@tanstack/react-query';
import {
  WORKLIST_PATIENTS_PER_REQUEST,
  WorklistPatientsSchema,
  worklistPatientsQuery,
  type WorklistPatient,
  type WorklistPatients,
} from '@ers/shared/worklist-patients';
import { apiRequest } from '@/lib/api-client';

/**
 * Where a worklist's rows are named: its patients route (a referral worklist's, or the A&G
 * worklist's), and the query key its answers go under (the list's own, so that what is dropped
 * with the list on a change of acting context goes with it).
 */
export type RowPatientsSource = { path: string; queryKey: readonly unknown[] };

export function getWorklistPatients(
  source: RowPatientsSource,
  ubrns: readonly string[],
  { signal }: { signal?: AbortSignal } = {},
): Promise<WorklistPatients> {
  return apiRequest(
    `${source.path}${worklistPatientsQuery(ubrns)}`,
    WorklistPatientsSchema,
    signal ? { signal } : {},
  );
}

export function worklistPatientsQueryOptions(source: RowPatientsSource, ubrns: readonly string[]) {
  return queryOptions({
    queryKey: [...source.queryKey, 'patients', ubrns] as const,
    queryFn: ({ signal }) => getWorklistPatients(source, ubrns, { signal }),
    // The BFF keeps PDS's answers for the session, and a row it could not name shows its NHS
    // number: asking again now would only spend PDS's limit.
    staleTime: Infinity,
    retry: false,
  });
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < values.length; index += size) {
    result.push(values.slice(index, index + size));
  }
  return result;
}

/**
 * The rows' patients by UBRN, filling in as they arrive. The list never waits for them. Asked five
 * rows at a time in the list's order, one request after another (each starts when the one before
 * has answered either way): PDS allows the whole application five lookups a second, and requests
 * queued at once would hold the browser's connections the next click needs.
 */
export function useWorklistPatients(
  source: RowPatientsSource,
  items: readonly { ubrn: string; nhsNumber: string | null }[],
): ReadonlyMap<string, WorklistPatient> {
  const queryClient = useQueryClient();
  const ubrns = items.filter((item) => item.nhsNumber).map((item) => item.ubrn);
  const requests = chunks(ubrns, WORKLIST_PATIENTS_PER_REQUEST).map((chunk) =>
    worklistPatientsQueryOptions(source, chunk),
  );
  const answered = (key: QueryKey) => {
    const status = queryClient.getQueryState(key)?.status;
    return status === 'success' || status === 'error';
  };
  const results = useQueries({
    queries: requests.map((request, index) => ({
      ...request,
      enabled: index === 0 || answered(requests[index - 1]!.queryKey),
    })),
  });
  return new Map(
    results.flatMap((result) => result.data?.patients ?? []).map((row) => [row.ubrn, row]),
  );
}
