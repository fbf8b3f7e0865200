/**
 * `GET /api/acting-context`: the current acting context (the default pair is chosen here when
 * there is one) and every pair e-RS A030 lists. `PUT /api/acting-context`: choose or change it
 * without signing out, to one of those pairs; an SPC admin also names the clinician they act
 * for, who must be one e-RS A040 lists in the new context.
 */
import { ChooseActingContextSchema } from '@ers/shared/bff-contract';
import { AppError } from '../../http/app-error';
import type { ActingAs } from '../../session/session';
import { SPCA } from '../access';
import type { ErsRoute } from '../operation';
import { retrieveOnBehalfOfPractitioners } from '../operations/a040-on-behalf-of/request';
import { refusal } from '../refusal';
import { choices, currentChoices, isListed, practitionerRoles, updateSession } from './choices';

export const actingContextRoutes = [
  {
    route: 'actingContext',
    method: 'GET',
    establishesActingContext: true,
    async handle(c, retrieval, services) {
      return c.json(await currentChoices(c, retrieval, services));
    },
  },
  {
    route: 'actingContext',
    method: 'PUT',
    establishesActingContext: true,
    async handle(c, retrieval, services) {
      const body: unknown = await c.req.json().catch(() => undefined);
      const chosen = ChooseActingContextSchema.safeParse(body);
      if (!chosen.success) {
        throw new AppError(400, 'invalid_request', 'Choose an organisation and a role.');
      }
      const { odsCode, businessFunction, onBehalfOfUserId } = chosen.data;
      const roles = await practitionerRoles(c, retrieval, services, { audited: true });
      if (!isListed(roles, { odsCode, businessFunction })) {
        throw new AppError(403, 'no_access', 'You cannot work in that role at that organisation.');
      }

      let onBehalfOf: ActingAs['onBehalfOf'];
      if (businessFunction === SPCA) {
        if (!onBehalfOfUserId) {
          throw new AppError(
            400,
            'on_behalf_of_required',
            'Choose the clinician you are working for.',
          );
        }
        // e-RS A040 in the new context: the clinicians this admin may act for there.
        const listed = await retrieval.callWithToken(
          (auth) =>
            retrieveOnBehalfOfPractitioners(services.ers, { ...auth, odsCode, businessFunction }),
          { record: false },
        );
        if (listed.kind !== 'ok') throw refusal(listed);
        const practitioner = listed.body.practitioners.find((p) => p.userId === onBehalfOfUserId);
        if (!practitioner) {
          throw new AppError(403, 'no_access', 'You cannot work on behalf of that clinician.');
        }
        onBehalfOf = { userId: practitioner.userId, name: practitioner.name };
      } else if (onBehalfOfUserId) {
        throw new AppError(
          400,
          'invalid_request',
          'Only a clinician admin works on behalf of someone.',
        );
      }

      const session = await updateSession(c, services, (current) => ({
        ...current,
        actingAs: { odsCode, businessFunction, ...(onBehalfOf ? { onBehalfOf } : {}) },
      }));
      c.get('log').info(
        {
          audit: 'acting_context_changed',
          sub: session.sub,
          odsCode,
          businessFunction,
          onBehalfOfUserId,
        },
        'acting context changed',
      );
      return c.json(choices(session, roles));
    },
  },
] as const satisfies readonly ErsRoute[];
