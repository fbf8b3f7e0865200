/**
 * Who the referral (or Advice and Guidance request) is about, from the Personal Demographics
 * Service (PDS), at the top of its page: the clinician checks name and date of birth before
 * reading clinical content. Asked for at the same time as the referral, which does not wait for
 * it: when PDS cannot answer, the banner says why in plain words (the ids support asks for folded
 * away) and the referral still shows.
 *
 * A restricted record arrives from the BFF with name, date of birth and NHS number only (a very
 * restricted one with the NHS number only); the banner says so, and never fills the gaps.
 */
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  GENDER_LABELS,
  ageOn,
  bannerName,
  type PatientBanner as Patient,
  type PatientCoding,
} from '@ers/shared/patient';
import { formatNhsNumber } from '@ers/shared/referral-summary';
import type { Ubrn } from '@ers/shared/ubrn';
import type { Problem } from '@ers/shared/problem';
import { SupportInformation } from '@/components/problem-message';
import { isApiError } from '@/lib/api-client';
import { formatPartialDate, ukDateOf } from '@/lib/format';
import { patientQueryOptions, type PatientOf } from '../api/get-patient';

/** What the page is, as the banner names it beside the NHS number e-RS gave. */
const SUBJECT: Record<PatientOf, string> = {
  referral: 'the referral',
  advice: 'the Advice and Guidance request',
};

/** "01": "Number present and verified" (UKCore-NHSNumberVerificationStatus). */
const VERIFIED = '01';

/** The NHS number with its words, one text node on one line, never a phone link. */
function NhsNumberText({
  value,
  before = '',
  after = '',
}: {
  value: string;
  before?: string;
  after?: string;
}) {
  return (
    <span className="nhsuk-u-nowrap" x-apple-data-detectors="false">
      {`${before}${formatNhsNumber(value)}${after}`}
    </span>
  );
}

/** One fact of the banner: label and value side by side, wrapping as the screen narrows. */
function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function verification(coding: PatientCoding | null): string | null {
  if (!coding) return null;
  return coding.code === VERIFIED ? 'verified' : (coding.display ?? `status ${coding.code}`);
}

function Frame({ children }: { children: ReactNode }) {
  return (
    <section className="nhsuk-inset-text app-patient-banner" aria-labelledby="patient-banner">
      <meta name="format-detection" content="telephone=no" />
      {children}
    </section>
  );
}

function Found({ patient, today, of }: { patient: Patient; today: string; of: PatientOf }) {
  const name =
    patient.restriction !== 'very_restricted' && patient.name ? bannerName(patient.name) : null;
  const birthDate = patient.restriction !== 'very_restricted' ? patient.birthDate : null;
  const deceased = patient.restriction === 'none' ? patient.deceased : null;
  const age = birthDate && !deceased ? ageOn(birthDate, today) : null;
  const status =
    patient.restriction !== 'very_restricted' ? verification(patient.nhsNumberVerification) : null;
  return (
    <Frame>
      <h2 id="patient-banner" className="nhsuk-heading-m nhsuk-u-margin-bottom-2">
        {name ?? 'Name not shown'}
      </h2>
      {patient.supersededNhsNumber ? (
        <p className="nhsuk-body nhsuk-u-margin-bottom-2">
          <strong className="nhsuk-tag nhsuk-tag--yellow">NHS number changed</strong>{' '}
          <NhsNumberText
            value={patient.supersededNhsNumber}
            before={`${capitalised(SUBJECT[of])} gives `}
            after=", which PDS has replaced with the number below."
          />
        </p>
      ) : null}
      {patient.restriction !== 'none' ? (
        <p className="nhsuk-body nhsuk-u-margin-bottom-2">
          <strong className="nhsuk-tag nhsuk-tag--orange">Restricted record</strong>{' '}
          {patient.restriction === 'restricted'
            ? 'Address, GP practice and contact details are not shown.'
            : 'Only the NHS number can be shown.'}
        </p>
      ) : null}
      <dl className="nhsuk-body app-patient-banner__facts">
        {patient.restriction !== 'very_restricted' ? (
          <Fact label="Born">
            {birthDate
              ? `${formatPartialDate(birthDate)}${age === null ? '' : ` (${String(age)} years)`}`
              : 'Not known'}
          </Fact>
        ) : null}
        {deceased ? <Fact label="Died">{formatPartialDate(deceased.date)}</Fact> : null}
        {patient.restriction === 'none' ? (
          <Fact label="Gender">{patient.gender ? GENDER_LABELS[patient.gender] : 'Not known'}</Fact>
        ) : null}
        <Fact label="NHS number">
          <NhsNumberText value={patient.nhsNumber} after={status ? ` (${status})` : ''} />
        </Fact>
        {patient.restriction === 'none' ? (
          <>
            <Fact label="Home address">
              {patient.homeAddress ? (
                <>
                  {patient.homeAddress.lines.join(', ')}
                  {patient.homeAddress.postalCode ? (
                    <>
                      {patient.homeAddress.lines.length ? ', ' : ''}
                      <span className="nhsuk-u-nowrap">{patient.homeAddress.postalCode}</span>
                    </>
                  ) : null}
                </>
              ) : (
                'Not known'
              )}
            </Fact>
            <Fact label="GP practice (ODS code)">{patient.gpPracticeOdsCode ?? 'Not known'}</Fact>
          </>
        ) : null}
      </dl>
    </Frame>
  );
}

function NotShown({
  nhsNumber,
  of,
  detail,
  problem = null,
}: {
  nhsNumber: string;
  of: PatientOf;
  detail: string;
  problem?: Problem | null;
}) {
  return (
    <Frame>
      <h2 id="patient-banner" className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
        Patient details could not be retrieved
      </h2>
      <p className="nhsuk-body nhsuk-u-margin-bottom-2">{detail}</p>
      <p className="nhsuk-body nhsuk-u-margin-bottom-0">
        <NhsNumberText value={nhsNumber} before={`NHS number on ${SUBJECT[of]}: `} />
      </p>
      {problem ? <SupportInformation problem={problem} /> : null}
    </Frame>
  );
}

/**
 * The banner for the referral (or, `of` 'advice', A&G request) `ubrn`, whose NHS number (from
 * e-RS) is `nhsNumber`: shown while PDS is asked, and beside any reason PDS gave no details.
 */
export function PdsPatientBanner({
  ubrn,
  nhsNumber,
  of = 'referral',
  now = new Date(),
}: {
  ubrn: Ubrn;
  nhsNumber: string;
  of?: PatientOf;
  now?: Date;
}) {
  const { data, error, isPending } = useQuery(patientQueryOptions(ubrn, of));
  if (isPending) {
    return (
      <Frame>
        <p id="patient-banner" className="nhsuk-body nhsuk-u-margin-bottom-0" role="status">
          <NhsNumberText value={nhsNumber} before="Getting patient details for NHS number " />
        </p>
      </Frame>
    );
  }
  if (error) {
    const problem = isApiError(error) ? error.problem : null;
    return (
      <NotShown
        nhsNumber={nhsNumber}
        of={of}
        detail={problem?.detail ?? 'Sorry, there is a problem with the service. Try again later.'}
        problem={problem}
      />
    );
  }
  if (data.status === 'found') {
    return <Found patient={data.patient} today={ukDateOf(now)} of={of} />;
  }
  return <NotShown nhsNumber={nhsNumber} of={of} detail={data.detail} />;
}
