/**
 * The acting context's raw material: e-RS A030's pairs, asked for once per session and kept in
 * it, and which of them the user is offered.
 */
import type { ActingContextChoices } from '@ers/shared/bff-contract';
import type { PractitionerRoles } from '@ers/shared/practitioners';
import { AppError } from '../../http/app-error';
import type { Session } from '../../session/session';
import type { GatewayServices, Retrieval, RouteContext } from '../operation';
import { retrievePractitionerRoles } from '../operations/a030-practitioner-roles/request';
import { refusal } from '../refusal';

/**
 * e-RS A030, once per session: the (organisation, business function) pairs the user may act
 * in. Kept in the session; a failure is not kept, so the next request asks again.
 */
export async function practitionerRoles(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
): Promise<PractitionerRoles> {
  const cached = c.get('session').ersRoles;
  if (cached) {
    retrieval.servedFromCache();
    return cached;
  }
  const outcome = await retrieval.call((context) =>
    retrievePractitionerRoles(services.ers, context),
  );
  if (outcome.kind !== 'ok') throw refusal(outcome);
  await updateSession(c, services, (session) => ({ ...session, ersRoles: outcome.body }));
  return outcome.body;
}

/** Re-reads before writing, so a token refreshed meanwhile by another request is kept. */
export async function updateSession(
  c: RouteContext,
  services: GatewayServices,
  change: (session: Session) => Session,
): Promise<Session> {
  const id = c.get('sessionId');
  const fresh = await services.sessions.load(id, { slide: false });
  if (!fresh) throw new AppError(401, 'not_signed_in', 'Your session has ended.');
  const changed = change(fresh);
  if (!(await services.sessions.save(id, changed))) {
    throw new AppError(401, 'not_signed_in', 'Your session has ended.');
  }
  c.set('session', changed);
  return changed;
}

/** Only the pairs at the organisation of the CIS2 role the user signed in with. */
export function choices(session: Session, roles: PractitionerRoles): ActingContextChoices {
  const { organisation } = session.role;
  return {
    current: {
      odsCode: session.actingAs.odsCode,
      businessFunction: session.actingAs.businessFunction,
      onBehalfOf: session.actingAs.onBehalfOf ?? null,
    },
    organisation,
    options: roles
      .filter((role) => role.odsCode === organisation.odsCode)
      .flatMap((role) =>
        role.businessFunctions.map((businessFunction) => ({
          odsCode: role.odsCode,
          businessFunction,
        })),
      ),
  };
}
