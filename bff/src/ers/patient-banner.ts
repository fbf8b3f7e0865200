/**
 * The patient banner for an NHS number e-RS showed the user (a referral's, from A005, or an Advice
 * and Guidance request's, from A024): PDS `GET /Patient/{nhsNumber}` on the session's APIM token,
 * after a Modulus 11 check, once per patient per session (patient-cache.ts). What PDS says about
 * the patient (found, restricted, superseded, not found, invalidated) is a 200 PatientLookup; PDS
 * failing is a problem, which the SPA shows in the banner while the page still shows. One
 * `pds_retrieval` audit event either way.
 */
import { isValidNhsNumber } from '@ers/shared/nhs-number';
import type { PatientLookup } from '@ers/shared/patient';
import type { GatewayServices, Retrieval, RouteContext } from './operation';
import type { ErsOutcome } from './outcome';
import type { SummarySource } from './patient-cache';
import { lookUpPatient, pdsRefusal } from './patient-lookup';
import { refusal, type OperationFailures } from './refusal';

const NOT_FOUND = 'The Personal Demographics Service (PDS) has no record for this NHS number.';
const NOT_FOUND_IN_SANDBOX =
  'The public PDS sandbox holds only a few test patients, and the e-RS sandbox’s patients are not among them, so patient details cannot be shown here. This is expected in the sandbox.';

/**
 * The NHS number e-RS showed this user in this acting context for `ubrn`: remembered from the
 * referral's (A005) or A&G request's (A024) route, else `current()`'s retrieval, whose refusal
 * (in `failures`' words) is the banner's.
 */
export async function shownNhsNumber(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
  source: SummarySource,
  ubrn: string,
  current: () => Promise<ErsOutcome<{ nhsNumber: string }>>,
  failures: OperationFailures,
): Promise<string> {
  const session = c.get('session');
  const known = services.patients.nhsNumberOf(session, source, ubrn);
  if (known) {
    retrieval.servedFromCache();
    return known;
  }
  const summary = await current();
  if (summary.kind !== 'ok') throw refusal(summary, failures);
  services.patients.rememberNhsNumber(session, source, ubrn, summary.body.nhsNumber);
  return summary.body.nhsNumber;
}

/** `nhsNumber` must be the one e-RS showed this user in this acting context: never the browser's. */
export async function patientBanner(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
  nhsNumber: string,
): Promise<Response> {
  const answer = (lookup: PatientLookup, audit: Parameters<Retrieval['auditPds']>[0]) => {
    retrieval.auditPds(audit);
    return c.json(lookup);
  };
  if (!services.pds) {
    return answer(
      {
        status: 'not_configured',
        detail: 'Patient details from PDS are not available in this environment.',
      },
      { outcome: 'not_configured' },
    );
  }
  if (!isValidNhsNumber(nhsNumber)) {
    return answer(
      {
        status: 'invalid_nhs_number',
        nhsNumber,
        detail: 'NHS number not valid: it fails the NHS number check, so PDS was not asked.',
      },
      { outcome: 'invalid_nhs_number' },
    );
  }
  const { outcome, cached } = await lookUpPatient(
    c,
    retrieval,
    services.pds,
    services.patients,
    nhsNumber,
  );
  const pdsRequestId = outcome.requestId;
  if (outcome.kind === 'ok') {
    // A cached banner was kept without the number asked for (superseded): it is put back.
    const patient =
      outcome.body.nhsNumber === nhsNumber
        ? outcome.body
        : { ...outcome.body, supersededNhsNumber: nhsNumber };
    return answer(
      { status: 'found', patient },
      { outcome: 'ok', ...(cached ? { cached } : { pdsRequestId }) },
    );
  }
  if (outcome.kind === 'not_found') {
    const invalidated = outcome.ersCode === 'INVALIDATED_RESOURCE';
    return answer(
      invalidated
        ? {
            status: 'invalidated',
            detail:
              'This NHS number’s record in the Personal Demographics Service (PDS) was invalidated. Check the NHS number with the referrer.',
          }
        : { status: 'not_found', detail: services.pdsIsSandbox ? NOT_FOUND_IN_SANDBOX : NOT_FOUND },
      {
        outcome: invalidated ? 'invalidated' : 'not_found',
        ...(cached ? { cached } : { pdsRequestId }),
      },
    );
  }
  const error = pdsRefusal(outcome);
  retrieval.auditPds({ outcome: outcome.kind, problemCode: error.code, pdsRequestId });
  throw error;
}
