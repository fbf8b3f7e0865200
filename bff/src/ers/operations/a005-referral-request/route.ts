/**
 * `GET /api/referrals/{ubrn}` and `/api/referrals/{ubrn}/versions/{version}`: e-RS A005 as a
 * referral summary, for the business functions that may read referrals (e-RS itself checks the
 * legitimate relationship). The attachments it lists are remembered for A042, its NHS number for
 * the patient banner (`/api/referrals/{ubrn}/patient`, patient.ts: A005, then PDS), which the SPA
 * asks for at the same time: the two share one A005.
 */
import { AppError } from '../../../http/app-error';
import { requireOnBehalfOf, ubrnParam } from '../../access';
import { rememberAttachments } from '../../caches';
import {
  defineOperation,
  type GatewayServices,
  type Retrieval,
  type RouteContext,
} from '../../operation';
import { REFERRAL_NOT_FOUND, refusal } from '../../refusal';
import { currentReferral, referralPatient } from './patient';
import { parseReferralVersion, retrieveReferralRequest, type ReferralVersion } from './request';

const HISTORY_NOT_SUPPORTED = {
  code: 'version_not_current',
  detail: 'e-RS only shows the latest version of a referral.',
} as const;

async function referral(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
  versioned: boolean,
): Promise<Response> {
  const ubrn = ubrnParam(c);
  retrieval.what.ubrn = ubrn;
  let version: ReferralVersion | undefined;
  if (versioned) {
    version = parseReferralVersion(c.req.param('version') ?? '') ?? undefined;
    if (!version) {
      throw new AppError(400, 'invalid_version', 'A referral version is a whole number.');
    }
    retrieval.what.version = version;
  }
  requireOnBehalfOf(c);
  const outcome = version
    ? await retrieval.call((context) =>
        retrieveReferralRequest(services.ers, context, ubrn, version),
      )
    : await currentReferral(c, retrieval, services, ubrn, 'referral');
  if (outcome.kind !== 'ok') {
    const historyNotSupported =
      versioned && outcome.kind === 'not_found' && outcome.ersCode === 'HISTORY_NOT_SUPPORTED';
    throw refusal(outcome, {
      notFound: historyNotSupported ? HISTORY_NOT_SUPPORTED : REFERRAL_NOT_FOUND,
    });
  }
  rememberAttachments(services.attachments, c.get('session'), ubrn, outcome.body);
  // The banner asks for the patient next: its NHS number is then known without asking e-RS.
  if (!versioned)
    services.patients.rememberNhsNumber(c.get('session'), 'A005', ubrn, outcome.body.nhsNumber);
  return c.json(outcome.body);
}

export const referralRequest = defineOperation({
  id: 'A005',
  operationId: 'a005-retrieve-referral-request',
  interaction: 'read',
  routes: [
    {
      route: 'referral',
      method: 'GET',
      handle: (c, retrieval, services) => referral(c, retrieval, services, false),
    },
    {
      route: 'referralVersion',
      method: 'GET',
      interaction: 'vread',
      handle: (c, retrieval, services) => referral(c, retrieval, services, true),
    },
    { route: 'referralPatient', method: 'GET', handle: referralPatient },
  ],
});
