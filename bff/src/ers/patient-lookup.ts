/**
 * What the patient routes share (the referral's banner, a worklist's rows): PDS asked in the
 * session's name, once per patient per session (patient-cache.ts), and PDS failing in words.
 */
import type { PatientBanner } from '@ers/shared/patient';
import type { ProblemCode } from '@ers/shared/problem';
import { AppError } from '../http/app-error';
import { actingAs } from './access';
import type { PatientSource, Retrieval, RouteContext } from './operation';
import type { ErsFailure, ErsOutcome } from './outcome';
import type { PatientCache } from './patient-cache';
import { MAX_RETRY_AFTER_REPORTED_MS } from './retry';

/**
 * PDS's answer for `nhsNumber` (already Modulus 11 checked): the session's, or a new one on its
 * access token, role and acting organisation. `cached` when PDS was not asked.
 */
export function lookUpPatient(
  c: RouteContext,
  retrieval: Retrieval,
  pds: PatientSource,
  patients: PatientCache,
  nhsNumber: string,
): Promise<{ outcome: ErsOutcome<PatientBanner>; cached: boolean }> {
  const session = c.get('session');
  return patients.patient(c.get('sessionId'), session.expiresAt, nhsNumber, () =>
    retrieval.withAccessToken((accessToken) =>
      pds.retrievePatient(
        {
          accessToken,
          correlationId: c.get('correlationId'),
          roleId: session.role.id,
          odsCode: actingAs(c).odsCode,
          log: c.get('log'),
        },
        nhsNumber,
      ),
    ),
  );
}

const retryAfterSeconds = (ms: number | undefined) =>
  Math.ceil(Math.min(ms ?? 1000, MAX_RETRY_AFTER_REPORTED_MS) / 1000);

/** PDS failing, in words a clinician can act on; PDS's own diagnostics stay in the logs. */
export function pdsRefusal(failure: ErsFailure): AppError {
  const options = {
    cause: {
      kind: failure.kind,
      ...('ersCode' in failure && failure.ersCode ? { pdsCode: failure.ersCode } : {}),
      ...('status' in failure ? { status: failure.status } : {}),
      ...('reason' in failure ? { reason: failure.reason } : {}),
    },
  };
  const refused = (code: ProblemCode, detail: string) => new AppError(502, code, detail, options);
  switch (failure.kind) {
    case 'rate_limited':
      return new AppError(
        503,
        'service_busy',
        'The Personal Demographics Service (PDS) is busy, so patient details cannot be shown just now. Try again in a few seconds.',
        { ...options, retryAfterSeconds: retryAfterSeconds(failure.retryAfterMs) },
      );
    case 'unavailable':
      return failure.reason === 'timeout'
        ? new AppError(
            504,
            'pds_unavailable',
            'The Personal Demographics Service (PDS) did not answer in time, so patient details cannot be shown. Try again.',
            options,
          )
        : new AppError(
            503,
            'pds_unavailable',
            'The Personal Demographics Service (PDS) could not be reached, so patient details cannot be shown. Try again later.',
            options,
          );
    case 'invalid_response':
      return refused(
        'pds_unavailable',
        'The Personal Demographics Service (PDS) sent a response we could not read, so patient details cannot be shown.',
      );
    case 'unauthorized':
      // To a token just renewed (or none, in the sandbox): signing in again would not help.
      return refused(
        'pds_access_refused',
        'The Personal Demographics Service (PDS) refused access for this application, so patient details cannot be shown. Contact your IT service desk and quote the correlation ID.',
      );
    default:
      // 400 (a role PDS does not accept for the user, a header), 403, 5xx: nothing the user can fix.
      return refused(
        'pds_access_refused',
        'The Personal Demographics Service (PDS) refused the request, so patient details cannot be shown. Contact your IT service desk and quote the correlation ID.',
      );
  }
}
