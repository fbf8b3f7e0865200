/**
 * `GET /api/on-behalf-of[?odsCode=]`: e-RS A040, the clinicians an SPC admin may act for. In the
 * current context for an SPC admin; with `odsCode`, for acting as an SPC admin there before
 * choosing it (the SPC admin's first step), only where A030 lists that pair.
 */
import { AppError } from '../../../http/app-error';
import { SPCA, requireBusinessFunction } from '../../access';
import {
  establishedActingContext,
  isListed,
  practitionerRoles,
} from '../../acting-context/choices';
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
      establishesActingContext: true,
      async handle(c, retrieval, services) {
        const odsCode = c.req.query('odsCode');
        const { actingAs } = c.get('session');
        if (
          odsCode === undefined ||
          (actingAs?.businessFunction === SPCA && actingAs.odsCode === odsCode)
        ) {
          await establishedActingContext(c, retrieval, services);
          requireBusinessFunction(
            c,
            [SPCA],
            'Only a service provider clinician admin works on behalf of clinicians.',
          );
        } else {
          if (!/^[A-Z0-9]{3,10}$/.test(odsCode)) {
            throw new AppError(400, 'invalid_request', 'That is not an organisation code.');
          }
          const roles = await practitionerRoles(c, retrieval, services, { audited: false });
          if (!isListed(roles, { odsCode, businessFunction: SPCA })) {
            throw new AppError(403, 'no_access', 'You cannot work as a clinician admin there.');
          }
        }
        const outcome =
          odsCode === undefined
            ? await retrieval.call((context) =>
                retrieveOnBehalfOfPractitioners(services.ers, context),
              )
            : // The pair was checked against A030 above; the session may have none yet.
              await retrieval.callWithToken((auth) =>
                retrieveOnBehalfOfPractitioners(services.ers, {
                  ...auth,
                  odsCode,
                  businessFunction: SPCA,
                }),
              );
        if (outcome.kind !== 'ok') throw refusal(outcome);
        return c.json(outcome.body);
      },
    },
  ],
});
