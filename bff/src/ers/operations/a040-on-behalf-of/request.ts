/**
 * A040 `GET /R4/Practitioner?_query=onBehalfOf`: the clinicians a
 * SERVICE_PROVIDER_CLINICIAN_ADMIN may act on behalf of, in the acting context given. Only the
 * headers the spec lists for A040: no on-behalf-of, even when the admin already acts for someone
 * (this is how they learn whom they may name in it).
 */
import type { OnBehalfOfPractitioners } from '@ers/shared/practitioners';
import {
  FHIR_JSON,
  actingContextHeaders,
  type ActingContext,
  type ErsConnection,
} from '../../connection';
import type { ErsOutcome } from '../../outcome';
import { toOnBehalfOfPractitioners } from './practitioner-bundle';

export function retrieveOnBehalfOfPractitioners(
  ers: ErsConnection,
  context: ActingContext,
): Promise<ErsOutcome<OnBehalfOfPractitioners>> {
  return ers.retrieveJson(
    {
      label: 'A040',
      method: 'GET',
      path: '/R4/Practitioner?_query=onBehalfOf',
      headers: actingContextHeaders({ ...context, onBehalfOfUserId: undefined }, FHIR_JSON),
      retrySafe: true,
      log: context.log,
    },
    (json) => {
      const practitioners = toOnBehalfOfPractitioners(json);
      return practitioners.ok ? { ok: true, value: practitioners.onBehalfOf } : practitioners;
    },
  );
}
