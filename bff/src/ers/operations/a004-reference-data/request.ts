/** A004 `GET /STU3/CodeSystem/{codeSystemType}`: one reference-data code system. */
import type { ReferenceData, ReferenceDataCodeSystem } from '@ers/shared/reference-data';
import {
  FHIR_JSON,
  actingContextHeaders,
  type ActingContext,
  type ErsConnection,
} from '../../connection';
import type { ErsOutcome } from '../../outcome';
import { toReferenceData } from './code-system';

export function retrieveReferenceData(
  ers: ErsConnection,
  context: ActingContext,
  codeSystem: ReferenceDataCodeSystem,
): Promise<ErsOutcome<ReferenceData>> {
  return ers.retrieveJson(
    {
      label: 'A004',
      method: 'GET',
      path: `/STU3/CodeSystem/${codeSystem}`,
      headers: actingContextHeaders(context, FHIR_JSON),
      retrySafe: true,
      log: context.log,
    },
    (json) => {
      const data = toReferenceData(codeSystem, json);
      return data.ok ? { ok: true, value: data.referenceData } : data;
    },
  );
}
