/**
 * `GET /api/referrals/{ubrn}/versions/{version}/actions`: e-RS A029, what the user may
 * do next with the referral, for the four business functions A029's pre-requisites name. The
 * version is the one the SPA is showing (A005's `meta.versionId`): A029 takes only the current
 * one, so a referral changed since it was shown is told as such, never answered for a version
 * the user has not seen. Not cached (A029: "You SHOULD NOT cache the list").
 */
import { CLINICAL_BUSINESS_FUNCTIONS } from '@ers/shared/bff-contract';
import { AppError } from '../../../http/app-error';
import { requireBusinessFunction, requireOnBehalfOf, ubrnParam } from '../../access';
import { defineOperation } from '../../operation';
import { REFERRAL_NOT_FOUND, refusal } from '../../refusal';
import { parseReferralVersion } from '../a005-referral-request/request';
import { retrieveAvailableActions } from './request';

export const availableActions = defineOperation({
  id: 'A029',
  operationId: 'a029-available-actions-for-user-list',
  interaction: 'search-type',
  routes: [
    {
      route: 'availableActions',
      method: 'GET',
      async handle(c, retrieval, services) {
        const ubrn = ubrnParam(c);
        retrieval.what.ubrn = ubrn;
        const version = parseReferralVersion(c.req.param('version') ?? '');
        if (!version) {
          throw new AppError(400, 'invalid_version', 'A referral version is a whole number.');
        }
        retrieval.what.version = version;
        requireBusinessFunction(
          c,
          CLINICAL_BUSINESS_FUNCTIONS,
          'What can be done next with a referral is not available in the role you are working in.',
        );
        requireOnBehalfOf(c);
        const outcome = await retrieval.call((context) =>
          retrieveAvailableActions(services.ers, context, ubrn, version),
        );
        if (outcome.kind === 'ok') return c.json(outcome.body);
        // A029 answers a UBRN it cannot resolve, and a version that is not the current one,
        // with a 400 (its error table), not a 404.
        if (outcome.kind === 'upstream_error' && outcome.status === 400) {
          if (outcome.ersCode === 'HISTORY_NOT_SUPPORTED') {
            throw new AppError(
              404,
              'version_not_current',
              'This referral has changed since it was shown. Reload the page to see what can be done next.',
              { ersRequestId: outcome.requestId, ersCode: outcome.ersCode },
            );
          }
          if (outcome.ersCode === 'REFERENCE_NOT_FOUND') {
            throw new AppError(404, REFERRAL_NOT_FOUND.code, REFERRAL_NOT_FOUND.detail, {
              ersRequestId: outcome.requestId,
              ersCode: outcome.ersCode,
            });
          }
        }
        throw refusal(outcome, { notFound: REFERRAL_NOT_FOUND });
      },
    },
  ],
});
