/**
 * A023 `POST /STU3/CommunicationRequest/$ers.fetchworklist`: the provider's Advice and Guidance
 * requests worklist, asked for with a FHIR `Parameters` body naming its one list type. A POST
 * only because FHIR operations are; it reads, so repeating it is safe.
 */
import { toAdviceWorklist, type AdviceWorklist } from '@ers/shared/advice-and-guidance';
import {
  FHIR_JSON,
  actingContextHeaders,
  type ActingContext,
  type ErsConnection,
} from '../../connection';
import type { ErsOutcome } from '../../outcome';

const FETCH_WORKLIST_PROFILE =
  'https://fhir.nhs.uk/STU3/StructureDefinition/eRS-FetchWorklist-Parameters-1';
/** A&G lists have their own selector code system, not A008's eRS-ReferralListSelector-1. */
const COMMUNICATION_LIST_SELECTOR_SYSTEM =
  'https://fhir.nhs.uk/STU3/CodeSystem/eRS-CommunicationListSelector-1';

export function retrieveAdviceWorklist(
  ers: ErsConnection,
  context: ActingContext,
): Promise<ErsOutcome<AdviceWorklist>> {
  return ers.retrieveJson(
    {
      label: 'A023',
      method: 'POST',
      path: '/STU3/CommunicationRequest/$ers.fetchworklist',
      headers: { ...actingContextHeaders(context, FHIR_JSON), 'Content-Type': FHIR_JSON },
      body: JSON.stringify({
        resourceType: 'Parameters',
        meta: { profile: [FETCH_WORKLIST_PROFILE] },
        parameter: [
          {
            name: 'listType',
            valueCodeableConcept: {
              coding: [
                {
                  system: COMMUNICATION_LIST_SELECTOR_SYSTEM,
                  code: 'ADVICE_AND_GUIDANCE_REQUESTS',
                },
              ],
            },
          },
        ],
      }),
      retrySafe: true,
      log: context.log,
    },
    toAdviceWorklist,
  );
}
