import { queryOptions } from '@tanstack/react-query';
import { apiPaths } from '@ers/shared/bff-contract';
import { AvailableActionsSchema } from '@ers/shared/available-actions';
import type { Ubrn } from '@ers/shared/ubrn';
import { apiRequest } from '@/lib/api-client';

/**
 * e-RS A029 for the version of the referral on screen. Never reused once the referral is left:
 * the spec says the list is for this user, this referral, now, and should not be cached.
 */
export function availableActionsQueryOptions(ubrn: Ubrn, version: string) {
  return queryOptions({
    queryKey: ['referrals', 'available-actions', ubrn, version] as const,
    queryFn: ({ signal }) =>
      apiRequest(apiPaths.availableActions(ubrn, version), AvailableActionsSchema, { signal }),
    staleTime: 0,
    gcTime: 0,
  });
}
