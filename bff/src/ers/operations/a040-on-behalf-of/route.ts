/**
 * `GET /api/on-behalf-of[?odsCode=]`: e-RS A040, the clinicians an SPC admin may act for. In the
 * current context for an SPC admin; with `odsCode`, for acting as an SPC admin there before
 * switching to it, only where A030 offers that pair.
 */
import { AppError } from '../../../http/app-error';
import { SPCA, requireBusinessFunction } from '../../access';
import { choices, practitionerRoles } from '../../acting-context/choices';
import { defineOperation } from '../../operation';
import { refusal } from '../../refusal';
import { retrieveOnBehalfOfPractitioners } from './request';

export const onBehalfOf = defineOperation({
  id: 'A040',
  operationId: 'a040-retrieve-practitioner-info',
  interaction: 'search-type',
  routes: [
    {
      route: 'onBehalfOf',
      method: 'GET',
      async handle(c, retrieval, services) {
        const odsCode = c.req.query('odsCode');
        const { actingAs } = c.get('session');
        if (
          odsCode === undefined ||
          (actingAs.businessFunction === SPCA && actingAs.odsCode === odsCode)
        ) {
          requireBusinessFunction(
            c,
            [SPCA],
            'Only a service provider clinician admin works on behalf of clinicians.',
          );
        } else {
          if (!/^[A-Z0-9]{3,10}$/.test(odsCode)) {
            throw new AppError(400, 'invalid_request', 'That is not an organisation code.');
          }
          const roles = await practitionerRoles(c, retrieval, services);
          const offered = choices(c.get('session'), roles).options;
          if (!offered.some((o) => o.odsCode === odsCode && o.businessFunction === SPCA)) {
            throw new AppError(403, 'no_access', 'You cannot work as a clinician admin there.');
          }
        }
        const outcome = await retrieval.call((context) =>
          retrieveOnBehalfOfPractitioners(
            services.ers,
            odsCode === undefined
              ? context
              : { ...context, odsCode, businessFunction: SPCA, onBehalfOfUserId: undefined },
          ),
        );
        if (outcome.kind !== 'ok') throw refusal(outcome);
        return c.json(outcome.body);
      },
    },
  ],
});
