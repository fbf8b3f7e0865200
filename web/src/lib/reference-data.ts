import { queryOptions } from '@tanstack/react-query';
import { apiPaths } from '@ers/shared/bff-contract';
import {
  ReferenceDataSchema,
  type ReferenceData,
  type ReferenceDataCodeSystem,
} from '@ers/shared/reference-data';
import { apiRequest } from '@/lib/api-client';

/**
 * e-RS reference data (A004), which more than one feature needs: the worklist filters offer
 * specialties, and lists and referrals show codes by their display names.
 */
export function getReferenceData(
  codeSystem: ReferenceDataCodeSystem,
  { signal }: { signal?: AbortSignal } = {},
): Promise<ReferenceData> {
  return apiRequest(
    apiPaths.referenceData(codeSystem),
    ReferenceDataSchema,
    signal ? { signal } : {},
  );
}

/** Reference data changes rarely (the BFF caches it too): keep it for the session. */
export function referenceDataQueryOptions(codeSystem: ReferenceDataCodeSystem) {
  return queryOptions({
    queryKey: ['reference-data', codeSystem] as const,
    queryFn: ({ signal }) => getReferenceData(codeSystem, { signal }),
    staleTime: Infinity,
  });
}

export function specialtiesQueryOptions() {
  return referenceDataQueryOptions('SPECIALTY');
}

/** The specialties a filter offers: those in effect today, by name. */
export function currentSpecialties(data: ReferenceData, now = Date.now()) {
  return data.concepts
    .filter((concept) => !concept.effectiveTo || Date.parse(concept.effectiveTo) > now)
    .sort((a, b) => a.display.localeCompare(b.display, 'en-GB'));
}

/** A code's display name, retired codes included (old referrals carry them); else the code. */
export function displayOf(data: ReferenceData | undefined, code: string): string {
  return data?.concepts.find((concept) => concept.code === code)?.display ?? code;
}
