/**
 * A043 `POST /STU3/CommunicationRequest/{ubrn}/$ers.generateCRI`: an Advice and Guidance
 * request's overview (summary and conversation) as a PDF.
 */
import type { Ubrn } from '@ers/shared/ubrn';
import type { ActingContext, ErsConnection, ErsFile } from '../../connection';
import { generateCri } from '../../generate-cri';
import type { ErsOutcome } from '../../outcome';

export function retrieveAdviceOverview(
  ers: ErsConnection,
  context: ActingContext,
  ubrn: Ubrn,
): Promise<ErsOutcome<ErsFile>> {
  return generateCri(ers, context, {
    label: 'A043',
    path: `/STU3/CommunicationRequest/${ubrn}/$ers.generateCRI`,
  });
}
