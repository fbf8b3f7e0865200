/**
 * A005 `GET /STU3/ReferralRequest/{ubrn}` (and `/_history/{version}`): a referral, mapped to the
 * referral summary. Read-only, so safe to retry.
 */
import { REFERRAL_VERSION_PATTERN } from '@ers/shared/bff-contract';
import { toReferralSummary, type ReferralSummary } from '@ers/shared/referral-summary';
import type { Ubrn } from '@ers/shared/ubrn';
import {
  FHIR_JSON,
  actingContextHeaders,
  type ActingContext,
  type ErsConnection,
} from '../../connection';
import type { ErsOutcome } from '../../outcome';

export type ReferralVersion = string & { readonly __brand: 'ReferralVersion' };

export function parseReferralVersion(input: string): ReferralVersion | null {
  return REFERRAL_VERSION_PATTERN.test(input) ? (input as ReferralVersion) : null;
}

export function retrieveReferralRequest(
  ers: ErsConnection,
  context: ActingContext,
  ubrn: Ubrn,
  version?: ReferralVersion,
): Promise<ErsOutcome<ReferralSummary>> {
  return ers.retrieveJson(
    {
      label: 'A005',
      method: 'GET',
      path: `/STU3/ReferralRequest/${ubrn}${version ? `/_history/${version}` : ''}`,
      headers: actingContextHeaders(context, FHIR_JSON),
      retrySafe: true,
      log: context.log,
    },
    (json) => {
      const summary = toReferralSummary(json);
      if (!summary.ok) return summary;
      // e-RS answering for another referral would show one patient's data as another's.
      return summary.summary.ubrn === ubrn
        ? { ok: true, value: summary.summary }
        : { ok: false, reason: 'ReferralRequest for another UBRN' };
    },
  );
}
