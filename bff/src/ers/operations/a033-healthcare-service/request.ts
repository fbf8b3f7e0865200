/**
 * A033 `GET /R4/HealthcareService/{id}` (FHIR R4): one service's current details, with only the
 * headers A033 lists (ODS and business function; it has no on-behalf-of). Read-only, so safe to
 * retry.
 */
import { toHealthcareService, type HealthcareServiceDetails } from '@ers/shared/healthcare-service';
import {
  FHIR_JSON,
  actingContextHeaders,
  type ActingContext,
  type ErsConnection,
} from '../../connection';
import type { ErsOutcome } from '../../outcome';

export type ServiceId = string & { readonly __brand: 'ServiceId' };

export function retrieveHealthcareService(
  ers: ErsConnection,
  context: ActingContext,
  serviceId: ServiceId,
): Promise<ErsOutcome<HealthcareServiceDetails>> {
  return ers.retrieveJson(
    {
      label: 'A033',
      method: 'GET',
      path: `/R4/HealthcareService/${serviceId}`,
      headers: actingContextHeaders({ ...context, onBehalfOfUserId: undefined }, FHIR_JSON),
      retrySafe: true,
      log: context.log,
    },
    (json) => {
      const service = toHealthcareService(json);
      if (!service.ok) return service;
      // e-RS answering for another service would show one service's contacts as another's.
      return service.service.id === serviceId
        ? { ok: true, value: service.service }
        : { ok: false, reason: 'HealthcareService with another id' };
    },
  );
}
