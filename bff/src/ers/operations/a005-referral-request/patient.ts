/**
 * `GET /api/referrals/{ubrn}/patient`: the patient banner. The NHS number is the one e-RS A005
 * shows this user in this acting context for the referral (remembered from the referral route,
 * else asked again), never one the browser sends: nobody can browse PDS by number through the
 * BFF, and PDS is asked only about a patient the user has a legitimate relationship with. Then
 * PDS, as every banner asks it (patient-banner.ts).
 */
import type { ReferralSummary } from '@ers/shared/referral-summary';
import type { Ubrn } from '@ers/shared/ubrn';
import { requireOnBehalfOf, ubrnParam } from '../../access';
import type { GatewayServices, Retrieval, RouteContext } from '../../operation';
import type { ErsOutcome } from '../../outcome';
import type { ReferralAsker } from '../../patient-cache';
import { patientBanner, shownNhsNumber } from '../../patient-banner';
import { REFERRAL_NOT_FOUND } from '../../refusal';
import { retrieveReferralRequest } from './request';

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

export async function referralPatient(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
): Promise<Response> {
  const ubrn = ubrnParam(c);
  retrieval.what.ubrn = ubrn;
  requireOnBehalfOf(c);
  const nhsNumber = await shownNhsNumber(
    c,
    retrieval,
    services,
    'A005',
    ubrn,
    () => currentReferral(c, retrieval, services, ubrn, 'patient'),
    { notFound: REFERRAL_NOT_FOUND },
  );
  return patientBanner(c, retrieval, services, nhsNumber);
}
