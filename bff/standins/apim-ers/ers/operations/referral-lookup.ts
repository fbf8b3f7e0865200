/**
 * Finding a referral for a user, as e-RS does for A005 and A007: unknown UBRN -> 404; a UBRN the
 * user's organisation has no legitimate relationship with -> 422 NO_RELATIONSHIP.
 */
import { REFERRALS, type ReferralFixture } from '@ers/fixtures';
import { stu3Outcome } from '../outcomes';
import { hasRelationship } from '../rules';
import type { OperationRequest, OperationResponse } from './types';

export function referralForUser(
  ubrn: string,
  request: OperationRequest,
): { referral: ReferralFixture } | { refusal: OperationResponse } {
  const referral = REFERRALS.get(ubrn);
  if (!referral) {
    return { refusal: request.errors.notFound(`ReferralRequest with ID ${ubrn} not found.`) };
  }
  if (!request.acting || !hasRelationship(referral, request.acting)) {
    return {
      refusal: stu3Outcome(
        422,
        'business-rule',
        'NO_RELATIONSHIP',
        'No legitimate relationship',
        `No Legitimate Relationship for ReferralRequest with ID ${ubrn}.`,
      ),
    };
  }
  return { referral };
}
