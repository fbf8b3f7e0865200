/**
 * A007 `POST /STU3/ReferralRequest/{ubrn}/$ers.generateCRI`: the referral's clinical information
 * as a PDF.
 */
import type { Ubrn } from '@ers/shared/ubrn';
import type { ActingContext, ErsConnection, ErsFile } from '../../connection';
import { generateCri } from '../../generate-cri';
import type { ErsOutcome } from '../../outcome';

export function retrieveClinicalInformation(
  ers: ErsConnection,
  context: ActingContext,
  ubrn: Ubrn,
): Promise<ErsOutcome<ErsFile>> {
  return generateCri(ers, context, {
    label: 'A007',
    path: `/STU3/ReferralRequest/${ubrn}/$ers.generateCRI`,
  });
}
