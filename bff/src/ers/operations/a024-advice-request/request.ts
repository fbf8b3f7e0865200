/**
 * A024 `GET /STU3/CommunicationRequest/{ubrn}` (and `/_history/{version}`): an Advice and
 * Guidance request's summary. Read-only, so safe to retry.
 */
import {
  ADVICE_VERSION_PATTERN,
  toAdviceRequestSummary,
  type AdviceRequestSummary,
} from '@ers/shared/advice-and-guidance';
import type { Ubrn } from '@ers/shared/ubrn';
import {
  FHIR_JSON,
  actingContextHeaders,
  type ActingContext,
  type ErsConnection,
} from '../../connection';
import type { ErsOutcome } from '../../outcome';

export type AdviceVersion = string & { readonly __brand: 'AdviceVersion' };

export function parseAdviceVersion(input: string): AdviceVersion | null {
  return ADVICE_VERSION_PATTERN.test(input) ? (input as AdviceVersion) : null;
}

export function retrieveAdviceRequest(
  ers: ErsConnection,
  context: ActingContext,
  ubrn: Ubrn,
  version?: AdviceVersion,
): Promise<ErsOutcome<AdviceRequestSummary>> {
  return ers.retrieveJson(
    {
      label: 'A024',
      method: 'GET',
      path: `/STU3/CommunicationRequest/${ubrn}${version ? `/_history/${version}` : ''}`,
      headers: actingContextHeaders(context, FHIR_JSON),
      retrySafe: true,
      log: context.log,
    },
    (json) => {
      const summary = toAdviceRequestSummary(json);
      if (!summary.ok) return summary;
      // e-RS answering for another request would show one patient's data as another's.
      return summary.value.ubrn === ubrn
        ? summary
        : { ok: false, reason: 'CommunicationRequest for another UBRN' };
    },
  );
}
