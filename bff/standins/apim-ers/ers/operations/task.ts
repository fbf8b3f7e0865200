/**
 * A029 `GET /STU3/Task?focus=ReferralRequest/{ubrn}/_history/{version}&intent=proposal&status=ready`:
 * the actions the user may take on a referral now, from fixtures/src/available-actions.ts (the
 * spec's sandbox scenarios), offered to each side only as the spec allows. Its rules, from A029's
 * parameters and error table:
 * - `focus`, `intent` (`proposal`) and `status` (`ready`) are required: 400 MISSING_PARAMETER
 *   without one, 400 INVALID_VALUE for anything else;
 * - the UBRN must resolve (400 REFERENCE_NOT_FOUND) and its version be the current one (400
 *   HISTORY_NOT_SUPPORTED);
 * - no legitimate relationship is a 403 FORBIDDEN: A029 documents no 422.
 */
import { randomUUID } from 'node:crypto';
import { REFERRALS } from '@ers/fixtures';
import { actionsFor, availableActionsBundle } from '@ers/fixtures/available-actions';
import { stu3Outcome } from '../outcomes';
import { PROVIDER_FUNCTIONS, RC, RCA, SPC, SPCA, hasRelationship } from '../rules';
import type { Operation } from './types';

const FOCUS = /^ReferralRequest\/(\d{12})\/_history\/(\d+)$/;

const missing = (name: string) =>
  stu3Outcome(
    400,
    'required',
    'MISSING_PARAMETER',
    'Missing parameter',
    `Missing mandatory search parameter '${name}'.`,
  );
const invalid = (name: string) =>
  stu3Outcome(400, 'value', 'INVALID_VALUE', 'Invalid value', `Invalid value for '${name}'.`);

export const a029: Operation = {
  id: 'A029',
  method: 'GET',
  pattern: /^\/STU3\/Task$/,
  flavour: 'STU3',
  businessFunctions: new Set([RC, RCA, SPC, SPCA]),
  onBehalfOfRequiredForSpca: true,
  handle({ query, acting, now, ersBaseUrl, errors }) {
    for (const [name, value] of [
      ['intent', 'proposal'],
      ['status', 'ready'],
    ] as const) {
      const given = query.getAll(name);
      if (given.length === 0) return missing(name);
      if (given.length > 1 || given[0] !== value) return invalid(name);
    }
    const focuses = query.getAll('focus');
    if (focuses.length === 0) return missing('focus');
    const focus = focuses.length === 1 ? FOCUS.exec(focuses[0]!) : null;
    if (!focus) return invalid('focus');
    const [, ubrn, version] = focus as unknown as [string, string, string];
    const referral = REFERRALS.get(ubrn);
    if (!referral) {
      return stu3Outcome(
        400,
        'not-found',
        'REFERENCE_NOT_FOUND',
        'Reference not found',
        `ReferralRequest with ID ${ubrn} not found.`,
      );
    }
    if (!acting || !hasRelationship(referral, acting)) {
      return errors.forbidden(`No Legitimate Relationship for ReferralRequest with ID ${ubrn}.`);
    }
    const current = (referral.resource.meta as { versionId?: string } | undefined)?.versionId;
    if (version !== (current ?? '1')) {
      return stu3Outcome(
        400,
        'not-supported',
        'HISTORY_NOT_SUPPORTED',
        'History not supported',
        `Version ${version} of ReferralRequest ${ubrn} is not the current version.`,
      );
    }
    const side = PROVIDER_FUNCTIONS.has(acting.businessFunction) ? 'provider' : 'referrer';
    const bundle = availableActionsBundle(ubrn, version, actionsFor(ubrn, side), {
      ersBaseUrl,
      now,
      id: randomUUID(),
      taskId: () => randomUUID(),
    });
    return { status: 200, body: bundle };
  },
};
