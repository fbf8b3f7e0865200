import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import {
  formatNhsNumber,
  type CodedValue,
  type ReferralSummary,
} from '@ers/shared/referral-summary';
import { formatUbrn } from '@ers/shared/ubrn';
import { NOT_RECORDED, formatDate, formatDateTime } from '@/lib/format';
import { displayOf, referenceDataQueryOptions } from '@/lib/reference-data';

export { formatDate };

function label(value: CodedValue | null | undefined): string {
  return value?.label ?? NOT_RECORDED;
}

function Row({ name, children }: { name: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{name}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}

/** Tag colours by state: what needs the reader's attention stands out. */
const STATE_TAG: Record<string, string> = {
  BOOKED: 'nhsuk-tag--green',
  AWAITING_TRIAGE: 'nhsuk-tag--blue',
  TRIAGED_PROVIDER_TO_ACTION: 'nhsuk-tag--blue',
  DEFERRED_TO_PROVIDER: 'nhsuk-tag--blue',
  TRIAGE_RESPONSE: 'nhsuk-tag--yellow',
  ASSESSMENT_RESULT: 'nhsuk-tag--yellow',
  NOT_BOOKED: 'nhsuk-tag--yellow',
  REJECTED: 'nhsuk-tag--red',
  CANCELLED_REFERRAL: 'nhsuk-tag--red',
  DID_NOT_ATTEND: 'nhsuk-tag--red',
  APPT_CANCELLED_BY_PATIENT: 'nhsuk-tag--orange',
  APPT_CANCELLED_BY_PROVIDER: 'nhsuk-tag--orange',
};

export function StateTag({ state }: { state: CodedValue }) {
  return (
    <strong className={`nhsuk-tag ${STATE_TAG[state.code] ?? 'nhsuk-tag--grey'}`}>
      {state.label}
    </strong>
  );
}

/**
 * The NHS number in 3-3-4 on one line, never turned into a phone link (iOS data detectors; the
 * page also carries `format-detection: telephone=no`).
 */
export function NhsNumber({ value }: { value: string }) {
  return (
    <span className="nhsuk-u-nowrap" x-apple-data-detectors="false">
      {formatNhsNumber(value)}
    </span>
  );
}

/**
 * What the patient needs to attend (e-RS allows advocacy, an interpreter and transport) in a
 * warning card, and what was written with the appointment (e.g. by whoever deferred it) in an
 * inset: above the record, so nobody books or triages without reading them. Nothing is shown
 * when neither was recorded: e-RS sends no requirement rather than "none", so a "None" here
 * would claim more than the referral says.
 */
export function PatientNeeds({ summary }: { summary: ReferralSummary }) {
  const requirements = summary.additionalRequirements ?? [];
  const comment = summary.appointment?.comment;
  return (
    <>
      {requirements.length > 0 ? (
        <div className="nhsuk-card nhsuk-card--warning">
          <div className="nhsuk-card__content">
            <h2 className="nhsuk-card__heading">
              <span className="nhsuk-u-visually-hidden">Important: </span>
              Patient&apos;s additional requirements
            </h2>
            <ul className="nhsuk-list nhsuk-list--bullet nhsuk-u-margin-bottom-0">
              {requirements.map((requirement) => (
                <li key={requirement.code}>{requirement.label}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      {comment ? (
        <div className="nhsuk-inset-text">
          <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">Appointment comment</h2>
          <p className="nhsuk-body app-comment">{comment}</p>
        </div>
      ) : null}
    </>
  );
}

function Appointment({
  appointment,
}: {
  appointment: NonNullable<ReferralSummary['appointment']>;
}) {
  return (
    <>
      {formatDateTime(appointment.start)}
      {appointment.service?.name ? (
        <>
          <br />
          {appointment.service.name}
        </>
      ) : null}
      {appointment.status ? (
        <>
          <br />
          <span className="nhsuk-u-secondary-text-colour">Status: {appointment.status}</span>
        </>
      ) : null}
      {appointment.allocatedClinician ? (
        <>
          <br />
          Allocated clinician (SDS user ID): {appointment.allocatedClinician.sdsUserId}
        </>
      ) : null}
      {appointment.reason ? (
        <p className="nhsuk-body nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">
          Reason: {appointment.reason.label}
        </p>
      ) : null}
    </>
  );
}

/** The route's loader prefetches these beside the referral (see `referenceDataQueryOptions`). */
export const SUMMARY_CODE_SYSTEMS = ['SPECIALTY', 'CLINIC-TYPE'] as const;

/**
 * A code by its e-RS A004 display name: e-RS often sends specialty and clinic type codes without
 * one (the BFF's label is then the code made readable). Until A004 answers, or if it cannot, the
 * BFF's label.
 */
function useDisplayName(
  codeSystem: (typeof SUMMARY_CODE_SYSTEMS)[number],
  value: CodedValue | null | undefined,
): string | null {
  const { data } = useQuery(referenceDataQueryOptions(codeSystem));
  if (!value) return null;
  const display = displayOf(data, value.code);
  return display === value.code ? value.label : display;
}

/** A shortlisted service by name, linked to its details where the user may see them (A033). */
function ServiceName({
  service,
  serviceHref,
}: {
  service: ReferralSummary['services'][number];
  serviceHref: ((serviceId: string) => string) | undefined;
}) {
  return service.id && serviceHref ? (
    <Link to={serviceHref(service.id)}>{service.name}</Link>
  ) : (
    <>{service.name}</>
  );
}

export function ReferralSummaryList({
  summary,
  serviceHref,
}: {
  summary: ReferralSummary;
  /** Where a shortlisted service's details are; absent for roles that may not see them. */
  serviceHref?: (serviceId: string) => string;
}) {
  const related = summary.relatedRequests ?? [];
  const specialty = useDisplayName('SPECIALTY', summary.specialty) ?? NOT_RECORDED;
  const clinicType = useDisplayName('CLINIC-TYPE', summary.clinicType);
  return (
    <dl className="nhsuk-summary-list">
      <Row name="UBRN">{formatUbrn(summary.ubrn)}</Row>
      <Row name="Status">
        <StateTag state={summary.status} />
        {summary.statusReason ? (
          <p className="nhsuk-body nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">
            Reason: {summary.statusReason.label}
          </p>
        ) : null}
        {summary.statusComments ? (
          <p className="nhsuk-body nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">
            Comments: {summary.statusComments}
          </p>
        ) : null}
      </Row>
      <Row name="Priority">{label(summary.priority)}</Row>
      <Row name="Specialty">{specialty}</Row>
      {clinicType ? <Row name="Clinic type">{clinicType}</Row> : null}
      <Row name="NHS number">
        <NhsNumber value={summary.nhsNumber} />
      </Row>
      <Row name="Services">
        {summary.services.length === 0 ? (
          'None shortlisted'
        ) : summary.services.length === 1 && summary.services[0] ? (
          <ServiceName service={summary.services[0]} serviceHref={serviceHref} />
        ) : (
          <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
            {summary.services.map((service, index) => (
              <li key={service.id ?? index}>
                <ServiceName service={service} serviceHref={serviceHref} />
              </li>
            ))}
          </ul>
        )}
      </Row>
      {summary.appointment ? (
        <Row name="Appointment">
          <Appointment appointment={summary.appointment} />
        </Row>
      ) : null}
      {summary.pathwayStart ? (
        <Row name="Pathway start">{formatDate(summary.pathwayStart)}</Row>
      ) : null}
      <Row name="Clinical information first submitted">
        {formatDate(summary.clinicalInfoFirstSubmitted)}
      </Row>
      {summary.clinicalInfoLastUpdated ? (
        <Row name="Clinical information last updated">
          {formatDate(summary.clinicalInfoLastUpdated)}
        </Row>
      ) : null}
      {related.length > 0 ? (
        <Row name="Related requests">
          <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
            {related.map((request) => (
              <li key={request.ubrn}>
                {request.kind === 'referral' ? (
                  <Link to={`/referrals/${request.ubrn}`}>Referral {formatUbrn(request.ubrn)}</Link>
                ) : (
                  // Advice and guidance requests are not retrievable through this client.
                  <>Advice and guidance request {formatUbrn(request.ubrn)}</>
                )}
              </li>
            ))}
          </ul>
        </Row>
      ) : null}
    </dl>
  );
}
