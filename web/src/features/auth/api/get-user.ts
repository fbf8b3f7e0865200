import { queryOptions } from '@tanstack/react-query';
import { BffUserResponseSchema, bffPaths, type BffUserResponse } from '@ers/shared/bff-contract';
import { apiRequest } from '@/lib/api-client';

export function getUser({ signal }: { signal?: AbortSignal } = {}): Promise<BffUserResponse> {
  return apiRequest(bffPaths.user, BffUserResponseSchema, signal ? { signal } : {});
}

export const userQueryKey = ['auth', 'user'] as const;

export function userQueryOptions() {
  return queryOptions({
    queryKey: userQueryKey,
    queryFn: ({ signal }) => getUser({ signal }),
  });
}
