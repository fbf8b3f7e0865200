/**
 * A029 `GET /STU3/Task?focus=ReferralRequest/{ubrn}/_history/{version}&intent=proposal&status=ready`:
 * the actions the user may take now on that version of the referral, with the headers A029
 * lists (on-behalf-of for an SPC admin). Read-only, so safe to retry; never cached: the
 * specification says the list is for this user, this referral, now.
 */
import { toAvailableActions, type AvailableActions } from '@ers/shared/available-actions';
import type { Ubrn } from '@ers/shared/ubrn';
import {
  FHIR_JSON,
  actingContextHeaders,
  type ActingContext,
  type ErsConnection,
} from '../../connection';
import type { ErsOutcome } from '../../outcome';
import type { ReferralVersion } from '../a005-referral-request/request';

export function retrieveAvailableActions(
  ers: ErsConnection,
  context: ActingContext,
  ubrn: Ubrn,
  version: ReferralVersion,
): Promise<ErsOutcome<AvailableActions>> {
  const query = new URLSearchParams({
    focus: `ReferralRequest/${ubrn}/_history/${version}`,
    intent: 'proposal',
    status: 'ready',
  });
  return ers.retrieveJson(
    {
      label: 'A029',
      method: 'GET',
      // The spec writes focus with its slashes as they are; URLSearchParams would escape them.
      path: `/STU3/Task?${query.toString().replace(/%2F/g, '/')}`,
      headers: actingContextHeaders(context, FHIR_JSON),
      retrySafe: true,
      log: context.log,
    },
    (json) => {
      const actions = toAvailableActions(json, ubrn, version);
      return actions.ok ? { ok: true, value: actions.actions } : actions;
    },
  );
}
