/**
 * The acting context: e-RS A030's pairs, asked for once per session and kept in it, are the only
 * (organisation, business function) pairs the user is offered or any e-RS call is made in.
 */
import {
  businessFunctionsForActivities,
  type ActingContextChoices,
  type BusinessFunction,
} from '@ers/shared/bff-contract';
import type { PractitionerRoles } from '@ers/shared/practitioners';
import { AppError } from '../../http/app-error';
import type { ActingAs, Session } from '../../session/session';
import type { GatewayServices, Retrieval, RouteContext } from '../operation';
import { retrievePractitionerRoles } from '../operations/a030-practitioner-roles/request';
import { refusal } from '../refusal';

/**
 * e-RS A030, once per session: the (organisation, business function) pairs the user may act
 * in. Kept in the session; a failure is not kept, so the next request asks again. Only A030's
 * own routes (`audited`) record it in their audit event; on the way to another operation it is
 * not what the retrieval is about.
 */
export async function practitionerRoles(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
  { audited }: { audited: boolean },
): Promise<PractitionerRoles> {
  const cached = c.get('session').ersRoles;
  if (cached) {
    if (audited) retrieval.servedFromCache();
    return cached;
  }
  const outcome = await retrieval.callWithToken(
    (auth) => retrievePractitionerRoles(services.ers, auth),
    { record: audited },
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

type Pair = { odsCode: string; businessFunction: BusinessFunction };

/** Whether A030 lists the pair: the only pairs e-RS calls are ever made in. */
export function isListed(roles: PractitionerRoles, pair: Pair): boolean {
  return roles.some(
    (role) =>
      role.odsCode === pair.odsCode && role.businessFunctions.includes(pair.businessFunction),
  );
}

/**
 * Where to start without asking: the one A030 pair at the CIS2 role's organisation that the
 * role's activity codes suggest. None, or several, and the user chooses.
 */
export function defaultPair(session: Session, roles: PractitionerRoles): Pair | null {
  const suggested = businessFunctionsForActivities(session.role.activityCodes);
  const candidates = roles
    .filter((role) => role.odsCode === session.role.organisation.odsCode)
    .flatMap((role) =>
      role.businessFunctions
        .filter((businessFunction) => suggested.includes(businessFunction))
        .map((businessFunction) => ({ odsCode: role.odsCode, businessFunction })),
    );
  return candidates.length === 1 ? candidates[0]! : null;
}

/** Every pair A030 lists, at whichever organisation, named where CIS2 names it. */
export function choices(session: Session, roles: PractitionerRoles): ActingContextChoices {
  const { actingAs, organisations = [] } = session;
  return {
    current: actingAs && {
      odsCode: actingAs.odsCode,
      businessFunction: actingAs.businessFunction,
      onBehalfOf: actingAs.onBehalfOf ?? null,
    },
    organisation: session.role.organisation,
    options: roles.flatMap((role) =>
      role.businessFunctions.map((businessFunction) => ({
        odsCode: role.odsCode,
        organisationName: organisations.find((org) => org.odsCode === role.odsCode)?.name ?? null,
        businessFunction,
      })),
    ),
  };
}

/**
 * Keeps the session's acting context to pairs A030 lists: one it does not list (never chosen, or
 * no longer listed) gives way to the default pair, or to none until the user chooses.
 */
async function settledActingContext(
  c: RouteContext,
  services: GatewayServices,
  roles: PractitionerRoles,
): Promise<ActingAs | null> {
  const { actingAs } = c.get('session');
  if (actingAs && isListed(roles, actingAs)) return actingAs;
  const pair = defaultPair(c.get('session'), roles);
  if (!pair && !actingAs) return null;
  const session = await updateSession(c, services, (current) => ({ ...current, actingAs: pair }));
  c.get('log').info(
    {
      audit: pair ? 'acting_context_defaulted' : 'acting_context_cleared',
      sub: session.sub,
      ...pair,
    },
    pair ? 'acting context set to the one pair the CIS2 role suggests' : 'acting context cleared',
  );
  return pair;
}

/** The pairs, after settling the session's context (the default is chosen here when there is one). */
export async function currentChoices(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
): Promise<ActingContextChoices> {
  const roles = await practitionerRoles(c, retrieval, services, { audited: true });
  await settledActingContext(c, services, roles);
  return choices(c.get('session'), roles);
}

/**
 * The acting context an e-RS call is made in, checked against A030 first. Without one, the user
 * is asked to choose, or told e-RS lists nothing for them: never a guess sent to e-RS.
 */
export async function establishedActingContext(
  c: RouteContext,
  retrieval: Retrieval,
  services: GatewayServices,
): Promise<ActingAs> {
  const roles = await practitionerRoles(c, retrieval, services, { audited: false });
  const actingAs = await settledActingContext(c, services, roles);
  if (actingAs) return actingAs;
  if (!roles.some((role) => role.businessFunctions.length > 0)) {
    throw new AppError(
      403,
      'no_ers_roles',
      'The e-Referral Service lists no role for you at any organisation. Ask your Registration Authority to add your e-Referral Service roles.',
    );
  }
  throw new AppError(403, 'acting_context_required', 'Choose how you are working first.');
}
