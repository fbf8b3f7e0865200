import { queryOptions } from '@tanstack/react-query';
import { apiPaths } from '@ers/shared/bff-contract';
import { PatientLookupSchema, type PatientLookup } from '@ers/shared/patient';
import type { Ubrn } from '@ers/shared/ubrn';
import { apiRequest } from '@/lib/api-client';

/** The referral's patient from PDS, through the BFF (which takes the NHS number from e-RS). */
export function getPatient(
  ubrn: Ubrn,
  { signal }: { signal?: AbortSignal } = {},
): Promise<PatientLookup> {
  return apiRequest(apiPaths.referralPatient(ubrn), PatientLookupSchema, signal ? { signal } : {});
}

export function patientQueryOptions(ubrn: Ubrn) {
  return queryOptions({
    queryKey: ['referrals', 'patient', ubrn] as const,
    queryFn: ({ signal }) => getPatient(ubrn, { signal }),
    // The BFF keeps PDS's answer for the session, and has already retried within PDS's limit.
    staleTime: Infinity,
    retry: false,
  });
}
