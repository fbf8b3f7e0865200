import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { apiPaths } from '@ers/shared/bff-contract';
import type { ReferenceData } from '@ers/shared/reference-data';
import { formatUbrn } from '@ers/shared/ubrn';
import { type Worklist, type WorklistItem } from '@ers/shared/worklist';
import { WORKLIST_LABELS } from '@ers/shared/worklist-access';
import type { WorklistFilters } from '@ers/shared/worklist-filters';
import { worklistPatientCell } from '@/components/worklist-patient';
import { formatDate as formatLongDate } from '@/lib/format';
import { referenceDataQueryOptions } from '@/lib/reference-data';
import { useWorklistPatients } from '@/lib/worklist-patients';
import { referralPathFrom, worklistPath } from '../utils/worklist-url';
import { receivedOf, sortItems, sortLabel, type Sort, type SortKey } from './sort';
import { WorklistSortForm } from './worklist-sort-form';

/** The NHS style date ("11 June 2021"), or nothing in an empty cell. */
function formatDate(value: string | null): string {
  return value ? formatLongDate(value) : '';
}

/** A code's A004 display name when e-RS has one, else the words the view model gives. */
function nameOf(data: ReferenceData | undefined, code: string, otherwise: string): string {
  return data?.concepts.find((concept) => concept.code === code)?.display ?? otherwise;
}

/**
 * A header whose link sorts the list by its column: a link, as the design system's server-side
 * sorting has it, since the sort lives in the URL (Back returns to it, a link shares it).
 */
function SortableHeader({ label, href, sort }: { label: string; href: string; sort?: Sort }) {
  return (
    <th
      className="nhsuk-table__header"
      scope="col"
      role="columnheader"
      data-sort=""
      {...(sort ? { 'aria-sort': sort.direction } : {})}
    >
      {/* Replacing the entry: Back leaves the list rather than stepping through its orders. */}
      <Link className="nhsuk-link" to={href} replace>
        {label}
      </Link>
    </th>
  );
}

function Header({ children }: { children: ReactNode }) {
  return (
    <th className="nhsuk-table__header app-worklist__nowrap" scope="col" role="columnheader">
      {children}
    </th>
  );
}

/**
 * A cell with its column's name before it, which shows only where the row is drawn as a card
 * (the design system's responsive table); in the table the column header says it.
 */
function Cell({
  heading,
  className = '',
  children,
}: {
  heading: string;
  className?: string;
  children: ReactNode;
}) {
  // An empty row of a card says nothing: the stylesheet leaves it out there.
  const empty = children === '' || children === null ? 'app-worklist__cell--empty' : '';
  return (
    <td className={['nhsuk-table__cell', className, empty].filter(Boolean).join(' ')} role="cell">
      <span className="nhsuk-table__heading">{heading} </span>
      <span>{children}</span>
    </td>
  );
}

/** Where the item is: the referral state (referrer lists) or the review status (provider lists). */
function StatusText({ item }: { item: WorklistItem }) {
  const status = item.status ?? item.reviewStatus;
  if (!status) return null;
  return (
    <>
      {status.label}
      {item.reason ? (
        <span className="nhsuk-u-secondary-text-colour">
          <br />
          {item.reason.label}
        </span>
      ) : null}
    </>
  );
}

/**
 * A worklist as an NHS table of the columns a clinician triages by, which fits beside nothing
 * else at desktop widths; narrower (a tablet held upright, a phone) each referral is a card of
 * labelled rows, sorted with a form since the column headers are not drawn. UBRNs, NHS numbers
 * and dates never wrap: a number broken over lines is misread. The patient is one column: the NHS
 * number from e-RS at once, then the name and date of birth from PDS as they arrive (a column of
 * their own pushed the list off an iPad held sideways).
 */
export function WorklistTable({
  worklist,
  filters,
  sort,
  clinical,
  filtered = false,
}: {
  worklist: Worklist;
  filters: WorklistFilters;
  sort: Sort;
  /**
   * Whether the role may open a referral (A005) and read reference data (A004): the e-RS
   * specification gives both to the same four clinical business functions. Admins see the
   * UBRN as text, since a link would only lead them to a refusal.
   */
  clinical: boolean;
  /** Whether filters chose these items (the empty list then says so). */
  filtered?: boolean;
}) {
  const { listType } = worklist;
  const label = WORKLIST_LABELS[listType];
  const { data: specialties } = useQuery({
    ...referenceDataQueryOptions('SPECIALTY'),
    enabled: clinical,
  });
  const { data: clinicTypes } = useQuery({
    ...referenceDataQueryOptions('CLINIC-TYPE'),
    enabled: clinical && worklist.items.some((item) => item.clinicalContext),
  });
  const patients = useWorklistPatients(
    { path: apiPaths.worklistPatients(listType), queryKey: ['worklists', listType] },
    worklist.items,
  );

  if (worklist.items.length === 0) {
    return (
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          {filtered
            ? `No referrals in ${label.toLowerCase()} match these filters.`
            : `There are no referrals in ${label.toLowerCase()}.`}
        </p>
      </div>
    );
  }

  const listPath = worklistPath(listType, filters, sort);
  const hasAppointments = worklist.items.some((item) => item.dates.appointmentStart);
  const hasReferrers = worklist.items.some((item) => item.referrer);
  const items = sortItems(worklist.items, sort);
  const header = (text: string, key: SortKey) => {
    const active = sort.key === key;
    const next: Sort = {
      key,
      direction: active && sort.direction === 'ascending' ? 'descending' : 'ascending',
    };
    return (
      <SortableHeader
        label={text}
        href={worklistPath(listType, filters, next)}
        {...(active ? { sort } : {})}
      />
    );
  };

  /** The specialty (provider lists) or specialty and clinic type (referrer lists), by name. */
  const specialtyText = (item: WorklistItem): string => {
    if (item.specialty) return nameOf(specialties, item.specialty.code, item.specialty.label);
    if (!item.clinicalContext) return '';
    const [specialty = '', clinicType] = item.clinicalContext.split('/');
    const names = [nameOf(specialties, specialty, specialty)];
    if (clinicType) names.push(nameOf(clinicTypes, clinicType, clinicType));
    return names.join(', ');
  };

  return (
    <div className="app-worklist">
      <WorklistSortForm
        listType={listType}
        filters={filters}
        sort={sort}
        hasAppointments={hasAppointments}
      />
      <table className="nhsuk-table nhsuk-table--compact app-worklist__table" role="table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--s">
          {label}
          <span className="nhsuk-u-visually-hidden">
            , sorted by {sortLabel(sort.key)} {sort.direction}
          </span>
        </caption>
        <thead className="nhsuk-table__head" role="rowgroup">
          <tr className="nhsuk-table__row" role="row">
            {header('Priority', 'priority')}
            {header('UBRN', 'ubrn')}
            <Header>Patient</Header>
            {header('Specialty', 'specialty')}
            {hasReferrers ? <Header>Referrer (SDS user ID)</Header> : null}
            {header('Received', 'received')}
            {hasAppointments ? header('Appointment', 'appointment') : null}
            <Header>Status</Header>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body" role="rowgroup">
          {items.map((item) => (
            <tr className="nhsuk-table__row" role="row" key={item.ubrn}>
              <Cell heading="Priority">{item.priority?.label ?? ''}</Cell>
              <Cell heading="UBRN" className="app-worklist__nowrap">
                {clinical ? (
                  <Link to={referralPathFrom(item.ubrn, listPath)}>{formatUbrn(item.ubrn)}</Link>
                ) : (
                  formatUbrn(item.ubrn)
                )}
              </Cell>
              <Cell heading="Patient" className="app-worklist__patient">
                {worklistPatientCell(item.nhsNumber, patients.get(item.ubrn))}
              </Cell>
              <Cell heading="Specialty">
                {specialtyText(item)}
                {item.service?.name ? (
                  <span className="nhsuk-u-secondary-text-colour app-worklist__secondary">
                    {item.service.name}
                  </span>
                ) : null}
              </Cell>
              {hasReferrers ? (
                <Cell heading="Referrer (SDS user ID)" className="app-worklist__nowrap">
                  {/* e-RS names the referrer by SDS user id only. */}
                  {item.referrer ? (
                    <span x-apple-data-detectors="false">{item.referrer.sdsUserId}</span>
                  ) : null}
                </Cell>
              ) : null}
              <Cell heading="Received" className="app-worklist__nowrap">
                {formatDate(receivedOf(item))}
              </Cell>
              {hasAppointments ? (
                <Cell heading="Appointment" className="app-worklist__nowrap">
                  {formatDate(item.dates.appointmentStart)}
                </Cell>
              ) : null}
              <Cell heading="Status">
                <StatusText item={item} />
              </Cell>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
