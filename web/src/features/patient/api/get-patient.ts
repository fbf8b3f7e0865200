import { queryOptions } from '@tanstack/react-query';
import { apiPaths } from '@ers/shared/bff-contract';
import { PatientLookupSchema, type PatientLookup } from '@ers/shared/patient';
import type { Ubrn } from '@ers/shared/ubrn';
import { apiRequest } from '@/lib/api-client';

/** What the UBRN is: the BFF takes the NHS number from e-RS's A005 (referral) or A024 (A&G). */
export type PatientOf = 'referral' | 'advice';

const PATHS: Record<PatientOf, (ubrn: Ubrn) => string> = {
  referral: apiPaths.referralPatient,
  advice: apiPaths.advicePatient,
};

/** The referral's or A&G request's patient from PDS, through the BFF. */
export function getPatient(
  ubrn: Ubrn,
  { of = 'referral', signal }: { of?: PatientOf; signal?: AbortSignal } = {},
): Promise<PatientLookup> {
  return apiRequest(PATHS[of](ubrn), PatientLookupSchema, signal ? { signal } : {});
}

export function patientQueryOptions(ubrn: Ubrn, of: PatientOf = 'referral') {
  return queryOptions({
    queryKey: [of === 'referral' ? 'referrals' : 'advice-and-guidance', 'patient', ubrn] as const,
    queryFn: ({ signal }) => getPatient(ubrn, { of, signal }),
    // The BFF keeps PDS's answer for the session, and has already retried within PDS's limit.
    staleTime: Infinity,
    retry: false,
  });
}
