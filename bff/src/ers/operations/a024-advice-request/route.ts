/**
 * `GET /api/advice-and-guidance/{ubrn}` and `.../versions/{version}`: e-RS A024, an Advice and
 * Guidance request's summary, for the business functions A024 allows a user (the four clinical
 * ones, access.ts); e-RS itself checks the legitimate relationship. The current version's NHS
 * number is remembered for the patient banner (`.../{ubrn}/patient`, patient.ts: A024, then PDS),
 * which the SPA asks for at the same time: the two share one A024.
 */
import { rememberAdviceAttachments } from '../../caches';
import { ubrnParam } from '../../access';
import {
  defineOperation,
  type GatewayServices,
  type Retrieval,
  type RouteContext,
} from '../../operation';
import { refusal } from '../../refusal';
import { ADVICE_FAILURES, VERSION_NOT_CURRENT, requireAdviceReader, versionParam } from './access';
import { advicePatient, currentAdviceRequest } from './patient';
import { retrieveAdviceRequest } from './request';

async function adviceRequest(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
  versioned: boolean,
) {
  const ubrn = ubrnParam(c);
  retrieval.what.ubrn = ubrn;
  const version = versioned ? versionParam(c, retrieval) : undefined;
  requireAdviceReader(c);
  const outcome = version
    ? await retrieval.call((context) => retrieveAdviceRequest(services.ers, context, ubrn, version))
    : await currentAdviceRequest(c, retrieval, services, ubrn, 'request');
  if (outcome.kind !== 'ok') {
    const historyNotSupported =
      versioned && outcome.kind === 'not_found' && outcome.ersCode === 'HISTORY_NOT_SUPPORTED';
    throw refusal(outcome, {
      ...ADVICE_FAILURES,
      ...(historyNotSupported ? { notFound: VERSION_NOT_CURRENT } : {}),
    });
  }
  // The page opens the request's files next: A042 can check their ids without asking again.
  rememberAdviceAttachments(services.attachments, c.get('session'), ubrn, outcome.body.attachments);
  // The banner asks for the patient next: its NHS number is then known without asking e-RS.
  if (!version) {
    services.patients.rememberNhsNumber(c.get('session'), 'A024', ubrn, outcome.body.nhsNumber);
  }
  return c.json(outcome.body);
}

export const adviceRequestOperation = defineOperation({
  id: 'A024',
  operationId: 'a024-retrieve-advice-and-guidance',
  interaction: 'read',
  routes: [
    {
      route: 'adviceRequest',
      method: 'GET',
      handle: (c, retrieval, services) => adviceRequest(c, retrieval, services, false),
    },
    {
      route: 'adviceRequestVersion',
      method: 'GET',
      interaction: 'vread',
      handle: (c, retrieval, services) => adviceRequest(c, retrieval, services, true),
    },
    { route: 'advicePatient', method: 'GET', handle: advicePatient },
  ],
});
