import type { AdviceParticipant } from '@ers/shared/advice-and-guidance';

/** `SERVICE_PROVIDER_CLINICIAN` -> `service provider clinician`. */
const roleWords = (businessFunction: string) => businessFunction.toLowerCase().split('_').join(' ');

/**
 * Who wrote or asked, as e-RS names them in A&G: an SDS user ID in a role at an organisation
 * (e-RS gives no names there). `NHS user ID 1032 6499 2985, referring clinician at R69`.
 */
export function describeParticipant(participant: AdviceParticipant | null): string {
  if (!participant?.sdsUserId) return 'Not recorded';
  const id = participant.sdsUserId.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1 $2 $3');
  const role = participant.businessFunction ? `, ${roleWords(participant.businessFunction)}` : '';
  const at = participant.odsCode ? ` at ${participant.odsCode}` : '';
  return `NHS user ID ${id}${role}${at}`;
}
