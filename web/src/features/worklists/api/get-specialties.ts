import { queryOptions } from '@tanstack/react-query';
import { apiPaths } from '@ers/shared/bff-contract';
import { ReferenceDataSchema, type ReferenceData } from '@ers/shared/reference-data';
import { apiRequest } from '@/lib/api-client';

export function getSpecialties({ signal }: { signal?: AbortSignal } = {}): Promise<ReferenceData> {
  return apiRequest(
    apiPaths.referenceData('SPECIALTY'),
    ReferenceDataSchema,
    signal ? { signal } : {},
  );
}

/** Reference data changes rarely (the BFF caches it too): keep it for the session. */
export function specialtiesQueryOptions() {
  return queryOptions({
    queryKey: ['reference-data', 'SPECIALTY'] as const,
    queryFn: ({ signal }) => getSpecialties({ signal }),
    staleTime: Infinity,
  });
}

/** The specialties a filter offers: those in effect today, by name. */
export function currentSpecialties(data: ReferenceData, now = Date.now()) {
  return data.concepts
    .filter((concept) => !concept.effectiveTo || Date.parse(concept.effectiveTo) > now)
    .sort((a, b) => a.display.localeCompare(b.display, 'en-GB'));
}
