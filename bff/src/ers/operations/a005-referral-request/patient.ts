/**
 * `GET /api/referrals/{ubrn}/patient`: the patient banner. The NHS number is the one e-RS A005
 * shows this user in this acting context for the referral (remembered from the referral route,
 * else asked again), never one the browser sends: nobody can browse PDS by number through the
 * BFF, and PDS is asked only about a patient the user has a legitimate relationship with.
 *
 * Then PDS `GET /Patient/{nhsNumber}` on the session's APIM token, after a Modulus 11 check, once
 * per patient per session (patient-cache.ts). What PDS says about the patient (found, restricted,
 * superseded, not found, invalidated) is a 200 PatientLookup; PDS failing is a problem, which the
 * SPA shows in the banner while the referral still shows. One `pds_retrieval` audit event either way.
 */
import { isValidNhsNumber } from '@ers/shared/nhs-number';
import type { PatientLookup } from '@ers/shared/patient';
import type { ReferralSummary } from '@ers/shared/referral-summary';
import type { Ubrn } from '@ers/shared/ubrn';
import { requireOnBehalfOf, ubrnParam } from '../../access';
import type { GatewayServices, Retrieval, RouteContext } from '../../operation';
import type { ErsOutcome } from '../../outcome';
import type { ReferralAsker } from '../../patient-cache';
import { lookUpPatient, pdsRefusal } from '../../patient-lookup';
import { REFERRAL_NOT_FOUND, refusal } from '../../refusal';
import { retrieveReferralRequest } from './request';

const NOT_FOUND = 'The Personal Demographics Service (PDS) has no record for this NHS number.';
const NOT_FOUND_IN_SANDBOX =
  'The public PDS sandbox holds only a few test patients, and the e-RS sandbox’s patients are not among them, so patient details cannot be shown here. This is expected in the sandbox.';

/**
 * e-RS A005 for the referral's current version, shared between the referral route and the
 * patient banner's of the same user and acting context (the SPA asks for both at once): one e-RS
 * call, and the request that waited is audited as served from cache (patient-cache.ts).
 */
export async function currentReferral(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
  ubrn: Ubrn,
  asker: ReferralAsker,
): Promise<ErsOutcome<ReferralSummary>> {
  const { outcome, shared } = await services.patients.referral(c.get('session'), ubrn, asker, () =>
    retrieval.call((context) => retrieveReferralRequest(services.ers, context, ubrn)),
  );
  if (shared) retrieval.servedFromCache(outcome.kind);
  return outcome;
}

async function referralNhsNumber(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
  ubrn: Ubrn,
): Promise<string> {
  const session = c.get('session');
  const known = services.patients.nhsNumberOf(session, ubrn);
  if (known) {
    retrieval.servedFromCache();
    return known;
  }
  const referral = await currentReferral(c, retrieval, services, ubrn, 'patient');
  if (referral.kind !== 'ok') throw refusal(referral, { notFound: REFERRAL_NOT_FOUND });
  services.patients.rememberNhsNumber(session, ubrn, referral.body.nhsNumber);
  return referral.body.nhsNumber;
}

export async function referralPatient(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
): Promise<Response> {
  const ubrn = ubrnParam(c);
  retrieval.what.ubrn = ubrn;
  requireOnBehalfOf(c);
  const nhsNumber = await referralNhsNumber(c, retrieval, services, ubrn);

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
    // A cached banner was kept without the referral's number: this referral's is put back.
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
