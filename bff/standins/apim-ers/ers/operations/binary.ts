/**
 * A042 `GET /R4/Binary/{id}`: a 307 to a short-lived object-store URL for an attachment (of a
 * referral or an Advice and Guidance request) the user has a legitimate relationship with (403 NO_RELATIONSHIP otherwise) and that is AVAILABLE
 * (422 PENDING / THREATS_FOUND / VALIDATION_FAILED otherwise, with the spec's wording).
 */
import { REFERRALS } from '@ers/fixtures';
import { ADVICE_REQUESTS } from '@ers/fixtures/advice-and-guidance';
import { ATTACHMENTS } from '@ers/fixtures/attachments';
import { ERS_ERROR_SYSTEM, r4Outcome } from '../outcomes';
import { hasRelationship } from '../rules';
import { REFERRAL_READERS } from './referral-request';
import type { Operation } from './types';

const UNAVAILABLE: Record<string, string> = {
  PENDING:
    'The file is being scanned and cannot be retrieved. Wait at least 5 minutes before checking its availability again.',
  THREATS_FOUND:
    'The file has been quarantined after detecting a threat and cannot be retrieved. Contact the organisation that uploaded the file to resolve the issue and get the information you need.',
  VALIDATION_FAILED:
    'The file has failed validation and cannot be retrieved. Contact the organisation that uploaded the file to resolve the issue and get the information you need.',
};

export const a042: Operation = {
  id: 'A042',
  method: 'GET',
  pattern: /^\/R4\/Binary\/([^/]+)$/,
  flavour: 'R4',
  businessFunctions: REFERRAL_READERS,
  onBehalfOfRequiredForSpca: true,
  handle({ params, acting, now, errors, objectStore }) {
    const binaryId = params[0]!;
    const attachment = ATTACHMENTS.get(binaryId);
    if (!attachment) return errors.notFound(`Binary with ID ${binaryId} not found.`);
    // A referral's or an A&G request's (A024 and A025 list theirs for A042 too).
    const owner = REFERRALS.get(attachment.ubrn) ?? ADVICE_REQUESTS.get(attachment.ubrn)!;
    if (!acting || !hasRelationship(owner, acting)) {
      return r4Outcome(
        403,
        'forbidden',
        ERS_ERROR_SYSTEM,
        'NO_RELATIONSHIP',
        now,
        `No Legitimate Relationship for Binary with ID ${binaryId}.`,
      );
    }
    if (attachment.availability !== 'AVAILABLE') {
      return r4Outcome(
        422,
        'invalid',
        ERS_ERROR_SYSTEM,
        attachment.availability,
        now,
        UNAVAILABLE[attachment.availability],
      );
    }
    return {
      status: 307,
      body: undefined,
      headers: { Location: objectStore.issue(attachment), 'Cache-Control': 'no-store' },
    };
  },
};
