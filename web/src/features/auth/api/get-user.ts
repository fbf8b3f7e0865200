import { queryOptions } from '@tanstack/react-query';
import { BffUserResponseSchema, bffPaths, type BffUserResponse } from '@ers/shared/bff-contract';
import { apiRequest } from '@/lib/api-client';

/**
 * Who is signed in and when the session ends. `slide: false` asks without counting as activity
 * (the session watcher's polls); anything else extends the idle deadline, as every other
 * signed-in request does.
 */
export function getUser({
  signal,
  slide = true,
}: { signal?: AbortSignal; slide?: boolean } = {}): Promise<BffUserResponse> {
  const path = slide ? bffPaths.user : `${bffPaths.user}?slide=false`;
  return apiRequest(path, BffUserResponseSchema, signal ? { signal } : {});
}

export const userQueryKey = ['auth', 'user'] as const;

export function userQueryOptions() {
  return queryOptions({
    queryKey: userQueryKey,
    queryFn: ({ signal }) => getUser({ signal }),
  });
}
