/**
 * A008 `POST /STU3/ReferralRequest/$ers.fetchworklist`: a worklist, asked for with a FHIR
 * `Parameters` body (the list type, then any filters). A POST only because FHIR operations are;
 * it reads, so repeating it is safe.
 */
import { ERS_SERVICE_SYSTEM, SDS_USER_ID_SYSTEM_STU3 } from '@ers/shared/ers-fhir';
import type { Worklist } from '@ers/shared/worklist';
import type { WorklistType } from '@ers/shared/worklist-access';
import type { AssignedIndicator, WorklistFilters } from '@ers/shared/worklist-filters';
import {
  FHIR_JSON,
  actingContextHeaders,
  type ActingContext,
  type ErsConnection,
} from '../../connection';
import type { ErsOutcome } from '../../outcome';
import { toWorklist } from './worklist-list';

const FETCH_WORKLIST_PROFILE =
  'https://fhir.nhs.uk/STU3/StructureDefinition/eRS-FetchWorklist-Parameters-1';
const REFERRAL_LIST_SELECTOR_SYSTEM =
  'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReferralListSelector-1';
const ASSIGNED_INDICATOR_SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-AssignedIndicator-1';
const ODS_ORGANISATION_SYSTEM_STU3 = 'https://directory.spineservices.nhs.uk/STU3/Organization';

const indicator = (name: string, code: AssignedIndicator) => ({
  name,
  valueCodeableConcept: { coding: [{ system: ASSIGNED_INDICATOR_SYSTEM, code }] },
});

/**
 * A008's filter parameters, in the order and shapes of the spec's examples: a specialty or a
 * clinician goes with its assigned indicator (ASSIGNED unless the filters say otherwise); the
 * SPECIALTY code system lives under the e-RS base URL (the spec's `_baseUrl_`).
 */
export function worklistFilterParameters(filters: WorklistFilters, ersBase: string): unknown[] {
  const parameters: unknown[] = [];
  if (filters.service) {
    parameters.push({
      name: 'service',
      valueIdentifier: { system: ERS_SERVICE_SYSTEM, value: filters.service },
    });
  }
  const specialtyIndicator =
    filters.specialtyAssignedIndicator ?? (filters.specialty ? 'ASSIGNED' : undefined);
  if (specialtyIndicator) {
    parameters.push(indicator('specialtyAssignedIndicator', specialtyIndicator));
  }
  if (filters.specialty) {
    parameters.push({
      name: 'specialty',
      valueCodeableConcept: {
        coding: [{ system: `${ersBase}/STU3/CodeSystem/SPECIALTY`, code: filters.specialty }],
      },
    });
  }
  if (filters.location) {
    parameters.push({
      name: 'location',
      valueIdentifier: { system: ODS_ORGANISATION_SYSTEM_STU3, value: filters.location },
    });
  }
  const clinicianIndicator =
    filters.clinicianAssignedIndicator ?? (filters.clinician ? 'ASSIGNED' : undefined);
  if (clinicianIndicator) {
    parameters.push(indicator('clinicianAssignedIndicator', clinicianIndicator));
  }
  if (filters.clinician) {
    parameters.push({
      name: 'clinician',
      valueIdentifier: { system: SDS_USER_ID_SYSTEM_STU3, value: filters.clinician },
    });
  }
  return parameters;
}

export function retrieveWorklist(
  ers: ErsConnection,
  context: ActingContext,
  listType: WorklistType,
  filters: WorklistFilters = {},
): Promise<ErsOutcome<Worklist>> {
  return ers.retrieveJson(
    {
      label: 'A008',
      method: 'POST',
      path: '/STU3/ReferralRequest/$ers.fetchworklist',
      headers: { ...actingContextHeaders(context, FHIR_JSON), 'Content-Type': FHIR_JSON },
      body: JSON.stringify({
        resourceType: 'Parameters',
        meta: { profile: [FETCH_WORKLIST_PROFILE] },
        parameter: [
          {
            name: 'listType',
            valueCodeableConcept: {
              coding: [{ system: REFERRAL_LIST_SELECTOR_SYSTEM, code: listType }],
            },
          },
          ...worklistFilterParameters(filters, ers.baseUrl),
        ],
      }),
      retrySafe: true,
      log: context.log,
    },
    (json) => {
      const worklist = toWorklist(listType, json);
      return worklist.ok ? { ok: true, value: worklist.worklist } : worklist;
    },
  );
}
