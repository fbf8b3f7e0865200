import { useState } from 'react';
import { Link } from 'react-router';
import { formatNhsNumber } from '@ers/shared/referral-summary';
import { formatUbrn } from '@ers/shared/ubrn';
import { WORKLIST_LABELS, type Worklist, type WorklistItem } from '@ers/shared/worklist';
import { formatDate as formatLongDate } from '@/lib/format';
import { receivedOf, sortItems, specialtyOf, type Sort, type SortKey } from './sort';

/** The NHS style date ("11 June 2021"), or nothing in an empty cell. */
function formatDate(value: string | null): string {
  return value ? formatLongDate(value) : '';
}

function SortableHeader({
  label,
  sortKey,
  sort,
  onSort,
}: {
  label: string;
  sortKey: SortKey;
  sort: Sort;
  onSort: (sort: Sort) => void;
}) {
  const active = sort.key === sortKey;
  return (
    <th
      className="nhsuk-table__header"
      scope="col"
      data-sort=""
      {...(active ? { 'aria-sort': sort.direction } : {})}
    >
      <button
        type="button"
        className="nhsuk-link"
        onClick={() => {
          onSort({
            key: sortKey,
            direction: active && sort.direction === 'ascending' ? 'descending' : 'ascending',
          });
        }}
      >
        {label}
      </button>
    </th>
  );
}

/** Where the item is: the referral state (referrer lists) or the review status (provider lists). */
function StatusCell({ item }: { item: WorklistItem }) {
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
 * A worklist as a sortable NHS table: the sort buttons sit in the headers, and the sorted one
 * carries `aria-sort` so screen readers announce the order.
 */
export function WorklistTable({
  worklist,
  filtered = false,
}: {
  worklist: Worklist;
  /** Whether filters chose these items (the empty list then says so). */
  filtered?: boolean;
}) {
  const [sort, setSort] = useState<Sort>({ key: 'priority', direction: 'ascending' });
  const label = WORKLIST_LABELS[worklist.listType];

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

  const hasAppointments = worklist.items.some((item) => item.dates.appointmentStart);
  const hasReferrers = worklist.items.some((item) => item.referrer);
  const items = sortItems(worklist.items, sort);
  const header = (text: string, key: SortKey) => (
    <SortableHeader label={text} sortKey={key} sort={sort} onSort={setSort} />
  );

  return (
    <div className="nhsuk-table-container">
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--m">
          {label}
          <span className="nhsuk-u-visually-hidden">
            , sorted by {sortLabel(sort.key)} {sort.direction}
          </span>
        </caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            {header('Priority', 'priority')}
            {header('UBRN', 'ubrn')}
            <th className="nhsuk-table__header" scope="col">
              NHS number
            </th>
            {header('Specialty', 'specialty')}
            <th className="nhsuk-table__header" scope="col">
              Service
            </th>
            {hasReferrers ? (
              <th className="nhsuk-table__header" scope="col">
                Referrer (SDS user ID)
              </th>
            ) : null}
            {header('Received', 'received')}
            {hasAppointments ? header('Appointment', 'appointment') : null}
            <th className="nhsuk-table__header" scope="col">
              Status
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {items.map((item) => (
            <tr className="nhsuk-table__row" key={item.ubrn}>
              <td className="nhsuk-table__cell">{item.priority?.label ?? ''}</td>
              <td className="nhsuk-table__cell">
                <Link className="nhsuk-u-nowrap" to={`/referrals/${item.ubrn}`}>
                  {formatUbrn(item.ubrn)}
                </Link>
              </td>
              <td className="nhsuk-table__cell">
                {item.nhsNumber ? (
                  <span className="nhsuk-u-nowrap" x-apple-data-detectors="false">
                    {formatNhsNumber(item.nhsNumber)}
                  </span>
                ) : null}
              </td>
              <td className="nhsuk-table__cell">{specialtyOf(item) ?? ''}</td>
              <td className="nhsuk-table__cell">{item.service?.name ?? ''}</td>
              {hasReferrers ? (
                <td className="nhsuk-table__cell">
                  {/* e-RS names the referrer by SDS user id only. */}
                  {item.referrer ? (
                    <span className="nhsuk-u-nowrap" x-apple-data-detectors="false">
                      {item.referrer.sdsUserId}
                    </span>
                  ) : null}
                </td>
              ) : null}
              <td className="nhsuk-table__cell nhsuk-u-nowrap">{formatDate(receivedOf(item))}</td>
              {hasAppointments ? (
                <td className="nhsuk-table__cell nhsuk-u-nowrap">
                  {formatDate(item.dates.appointmentStart)}
                </td>
              ) : null}
              <td className="nhsuk-table__cell">
                <StatusCell item={item} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function sortLabel(key: SortKey): string {
  return {
    priority: 'priority',
    ubrn: 'UBRN',
    specialty: 'specialty',
    received: 'date received',
    appointment: 'appointment date',
  }[key];
}
