/**
 * How the app names the clinician an SPC admin acts for. e-RS A040 lists them by their NHS
 * (spine directory) user ID alone, the number on their smartcard; a name appears only where the
 * BFF has one.
 */
export type Clinician = { userId: string; name: string | null };

/** `555032006106` -> `5550 3200 6106`, grouped in fours as the ID is printed on a smartcard. */
function groupUserId(userId: string): string {
  return userId.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1 $2 $3');
}

/** `Dr Priya Shah`, or, with no name, `the clinician with NHS user ID 5550 3200 6106`. */
export function clinicianName(clinician: Clinician): string {
  return clinician.name ?? `the clinician with NHS user ID ${groupUserId(clinician.userId)}`;
}

/** A choice in the picker: `Dr Priya Shah (NHS user ID 5550 3200 6106)`, or the words above. */
export function clinicianChoice(clinician: Clinician): string {
  return clinician.name
    ? `${clinician.name} (NHS user ID ${groupUserId(clinician.userId)})`
    : `The clinician with NHS user ID ${groupUserId(clinician.userId)}`;
}

/** What the header says on every page while an SPC admin works for a clinician. */
export function actingForText(clinician: Clinician): string {
  return `Acting for ${clinicianName(clinician)}`;
}
