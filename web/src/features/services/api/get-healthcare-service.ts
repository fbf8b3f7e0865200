import { queryOptions } from '@tanstack/react-query';
import { apiPaths } from '@ers/shared/bff-contract';
import { HealthcareServiceDetailsSchema } from '@ers/shared/healthcare-service';
import { apiRequest } from '@/lib/api-client';

/**
 * e-RS A033. Asked again on every visit: the BFF keeps no copy (without A037 it could not tell
 * a stale one), so neither does the page beyond its own view.
 */
export function healthcareServiceQueryOptions(serviceId: string) {
  return queryOptions({
    queryKey: ['healthcare-services', serviceId] as const,
    queryFn: ({ signal }) =>
      apiRequest(apiPaths.healthcareService(serviceId), HealthcareServiceDetailsSchema, {
        signal,
      }),
    staleTime: 0,
  });
}
