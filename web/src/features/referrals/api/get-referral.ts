import { queryOptions } from '@tanstack/react-query';
import { apiPaths } from '@ers/shared/bff-contract';
import { ReferralSummarySchema, type ReferralSummary } from '@ers/shared/referral-summary';
import type { Ubrn } from '@ers/shared/ubrn';
import { apiRequest } from '@/lib/api-client';

export function getReferral(
  ubrn: Ubrn,
  { signal }: { signal?: AbortSignal } = {},
): Promise<ReferralSummary> {
  return apiRequest(apiPaths.referral(ubrn), ReferralSummarySchema, signal ? { signal } : {});
}

export const referralKeys = {
  all: ['referrals'] as const,
  detail: (ubrn: Ubrn) => ['referrals', 'detail', ubrn] as const,
};

export function referralQueryOptions(ubrn: Ubrn) {
  return queryOptions({
    queryKey: referralKeys.detail(ubrn),
    queryFn: ({ signal }) => getReferral(ubrn, { signal }),
  });
}
