/**
 * A030 `GET /R4/PractitionerRole`: the (organisation, business function) pairs the user may act
 * in. It takes the token only, no acting context: it is how the acting context is found.
 */
import type { PractitionerRoles } from '@ers/shared/practitioners';
import { FHIR_JSON, authHeaders, type ErsAuth, type ErsConnection } from '../../connection';
import type { ErsOutcome } from '../../outcome';
import { toPractitionerRoles } from './practitioner-role-bundle';

export function retrievePractitionerRoles(
  ers: ErsConnection,
  auth: ErsAuth,
): Promise<ErsOutcome<PractitionerRoles>> {
  return ers.retrieveJson(
    {
      label: 'A030',
      method: 'GET',
      path: '/R4/PractitionerRole',
      headers: authHeaders(auth, FHIR_JSON),
      retrySafe: true,
      log: auth.log,
    },
    (json) => {
      const roles = toPractitionerRoles(json);
      return roles.ok ? { ok: true, value: roles.roles } : roles;
    },
  );
}
