/**
 * A025 `GET /STU3/Communication?based-on=CommunicationRequest/{ubrn}/_history/{version}`: an
 * Advice and Guidance request's conversation. Every `_include` we read is asked for by name: the
 * spec warns that the default includes may change. Read-only, so safe to retry.
 */
import { toAdviceConversation, type AdviceConversation } from '@ers/shared/advice-and-guidance';
import type { Ubrn } from '@ers/shared/ubrn';
import {
  FHIR_JSON,
  actingContextHeaders,
  type ActingContext,
  type ErsConnection,
} from '../../connection';
import type { ErsOutcome } from '../../outcome';
import type { AdviceVersion } from '../a024-advice-request/request';

/** The spec's `_include` values, spelling included (`PractionerRole` is e-RS's own). */
const INCLUDES = [
  'Communication:requester-practitionerrole:PractitionerRole',
  'Communication:sender-practitionerrole:PractionerRole',
  'Communication:content-reference:DocumentReference',
];

export function retrieveAdviceConversation(
  ers: ErsConnection,
  context: ActingContext,
  ubrn: Ubrn,
  version: AdviceVersion,
): Promise<ErsOutcome<AdviceConversation>> {
  const query = new URLSearchParams([
    ['based-on', `CommunicationRequest/${ubrn}/_history/${version}`] as [string, string],
    ...INCLUDES.map((include): [string, string] => ['_include', include]),
  ]);
  return ers.retrieveJson(
    {
      label: 'A025',
      method: 'GET',
      path: `/STU3/Communication?${query.toString()}`,
      headers: actingContextHeaders(context, FHIR_JSON),
      retrySafe: true,
      log: context.log,
    },
    (json) => toAdviceConversation(json, ubrn, version),
  );
}
