import type { ReactNode } from 'react';
import {
  formatNhsNumber,
  type CodedValue,
  type ReferralSummary,
} from '@ers/shared/referral-summary';
import { formatUbrn } from '@ers/shared/ubrn';

const NOT_RECORDED = 'Not recorded';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** `2021-06-11T10:28:00Z` -> `11 June 2021`; an unparseable value is shown as it came. */
export function formatDate(value: string | null): string {
  if (!value) return NOT_RECORDED;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}

function label(value: CodedValue | null): string {
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

export function ReferralSummaryList({ summary }: { summary: ReferralSummary }) {
  const services = summary.services.map((service) => service.name).join(', ');
  return (
    <dl className="nhsuk-summary-list">
      <Row name="UBRN">{formatUbrn(summary.ubrn)}</Row>
      <Row name="Status">
        <strong className="nhsuk-tag nhsuk-tag--grey">{summary.status.label}</strong>
      </Row>
      <Row name="Priority">{label(summary.priority)}</Row>
      <Row name="Specialty">{label(summary.specialty)}</Row>
      <Row name="NHS number">
        <span className="nhsuk-u-nowrap">{formatNhsNumber(summary.nhsNumber)}</span>
      </Row>
      <Row name="Services">{services || 'None shortlisted'}</Row>
      <Row name="Clinical information first submitted">
        {formatDate(summary.clinicalInfoFirstSubmitted)}
      </Row>
      <Row name="Version">{summary.version ?? NOT_RECORDED}</Row>
    </dl>
  );
}
