import type { ReactNode } from 'react';
import { bannerName } from '@ers/shared/patient';
import { formatNhsNumber } from '@ers/shared/referral-summary';
import type { WorklistPatient, WorklistPatientUnshown } from '@ers/shared/worklist-patients';
import { formatPartialDate } from '@/lib/format';

/**
 * Why a row has no name, in a few calm words (the referral's banner says more); nothing where the
 * reason is no news to the clinician: no PDS here, or no NHS number on the row.
 */
const UNSHOWN: Record<WorklistPatientUnshown, string | null> = {
  restricted: 'Restricted record',
  not_found: 'No PDS record',
  invalidated: 'No PDS record',
  invalid_nhs_number: 'NHS number not valid',
  unavailable: 'Name not available just now',
  not_configured: null,
  no_nhs_number: null,
};

/**
 * A worklist's Patient cell (a referral worklist's or the A&G worklist's): the NHS number from
 * e-RS at once, then the name and date of birth from PDS under it as they arrive; null when there
 * is neither (an empty cell, which a card leaves out).
 */
export function worklistPatientCell(
  nhsNumber: string | null,
  patient: WorklistPatient | undefined,
): ReactNode {
  const text = worklistPatientText(patient);
  if (!nhsNumber && text === null) return null;
  return (
    <>
      {nhsNumber ? (
        <>
          <span className="nhsuk-u-visually-hidden">NHS number </span>
          <span className="app-worklist__nhs-number" x-apple-data-detectors="false">
            {formatNhsNumber(nhsNumber)}
          </span>
        </>
      ) : null}
      {text}
    </>
  );
}

/**
 * Who a worklist row is about, from PDS through the BFF: the name as the patient banner gives it
 * (family name in capitals) with the date of birth under it, a size down. Nothing until it arrives:
 * the NHS number beside it identifies the row meanwhile. A function, not a component, so a
 * row with nothing to say is an empty cell (which a card leaves out).
 */
export function worklistPatientText(patient: WorklistPatient | undefined): ReactNode {
  if (!patient) return null;
  if (patient.status === 'not_shown') {
    const reason = UNSHOWN[patient.reason];
    return reason ? <span className="nhsuk-u-secondary-text-colour">{reason}</span> : null;
  }
  return (
    <>
      {patient.name ? <span className="app-worklist__name">{bannerName(patient.name)}</span> : null}
      {patient.birthDate ? (
        // The date never breaks; "Born" may go above it where the column is narrow (the A&G
        // list's two date columns leave the patient's little room).
        <span className="app-worklist__secondary">
          Born <span className="app-worklist__nowrap">{formatPartialDate(patient.birthDate)}</span>
        </span>
      ) : null}
      {patient.currentNhsNumber ? (
        <span
          className="app-worklist__secondary app-worklist__nowrap"
          x-apple-data-detectors="false"
        >
          NHS number now {formatNhsNumber(patient.currentNhsNumber)}
        </span>
      ) : null}
    </>
  );
}
