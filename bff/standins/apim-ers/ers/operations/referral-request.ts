/**
 * A005 `GET /STU3/ReferralRequest/{ubrn}` and `/_history/{version}`: the referral as the spec's
 * examples show it, with `ETag: W/"<meta.versionId>"`. Only the current version can be read;
 * another version is 404 HISTORY_NOT_SUPPORTED, as the spec says.
 */
import { withBaseUrl } from '@ers/fixtures';
import { stu3Outcome } from '../outcomes';
import { RC, RCA, SPC, SPCA } from '../rules';
import { referralForUser } from './referral-lookup';
import type { Operation, OperationRequest, OperationResponse } from './types';

export const REFERRAL_READERS = new Set([RC, RCA, SPC, SPCA]);

function retrieve(request: OperationRequest): OperationResponse {
  const [ubrn, version] = request.params as [string, string | undefined];
  const found = referralForUser(ubrn, request);
  if ('refusal' in found) return found.refusal;
  const { resource } = found.referral;
  const current = (resource.meta as { versionId?: string } | undefined)?.versionId ?? '1';
  if (version !== undefined && version !== current) {
    return stu3Outcome(
      404,
      'not-supported',
      'HISTORY_NOT_SUPPORTED',
      'History not supported',
      `Version ${version} of ReferralRequest ${ubrn} is not the current version.`,
    );
  }
  return {
    status: 200,
    headers: { ETag: `W/"${current}"` },
    body: withBaseUrl(resource, request.ersBaseUrl),
  };
}

export const a005: Operation = {
  id: 'A005',
  method: 'GET',
  pattern: /^\/STU3\/ReferralRequest\/([^/$]+)$/,
  flavour: 'STU3',
  businessFunctions: REFERRAL_READERS,
  onBehalfOfRequiredForSpca: true,
  handle: retrieve,
};

export const a005Versioned: Operation = {
  ...a005,
  pattern: /^\/STU3\/ReferralRequest\/([^/$]+)\/_history\/([^/]+)$/,
  handle: retrieve,
};
