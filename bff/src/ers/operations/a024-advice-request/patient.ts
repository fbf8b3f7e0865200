/**
 * `GET /api/advice-and-guidance/{ubrn}/patient`: the A&G request's patient banner. The NHS number
 * is the one e-RS A024 shows this user in this acting context for the request (remembered from the
 * A&G request route, else asked again), never one the browser sends, exactly as the referral's
 * banner takes A005's; then PDS, as every banner asks it (patient-banner.ts).
 */
import type { AdviceRequestSummary } from '@ers/shared/advice-and-guidance';
import type { Ubrn } from '@ers/shared/ubrn';
import { ubrnParam } from '../../access';
import type { GatewayServices, Retrieval, RouteContext } from '../../operation';
import type { ErsOutcome } from '../../outcome';
import type { AdviceAsker } from '../../patient-cache';
import { patientBanner, shownNhsNumber } from '../../patient-banner';
import { retrieveAdviceRequest } from './request';
import { ADVICE_FAILURES, requireAdviceReader } from './access';

/**
 * e-RS A024 for the request's current version, shared between the A&G request route and the
 * banner's of the same user and acting context (the SPA asks for both at once): one e-RS call.
 */
export async function currentAdviceRequest(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
  ubrn: Ubrn,
  asker: AdviceAsker,
): Promise<ErsOutcome<AdviceRequestSummary>> {
  const { outcome, shared } = await services.patients.adviceRequest(
    c.get('session'),
    ubrn,
    asker,
    () => retrieval.call((context) => retrieveAdviceRequest(services.ers, context, ubrn)),
  );
  if (shared) retrieval.servedFromCache(outcome.kind);
  return outcome;
}

export async function advicePatient(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
): Promise<Response> {
  const ubrn = ubrnParam(c);
  retrieval.what.ubrn = ubrn;
  requireAdviceReader(c);
  const nhsNumber = await shownNhsNumber(
    c,
    retrieval,
    services,
    'A024',
    ubrn,
    () => currentAdviceRequest(c, retrieval, services, ubrn, 'patient'),
    ADVICE_FAILURES,
  );
  return patientBanner(c, retrieval, services, nhsNumber);
}
