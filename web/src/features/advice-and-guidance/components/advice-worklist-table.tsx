import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { AdviceWorklist } from '@ers/shared/advice-and-guidance';
import { apiPaths } from '@ers/shared/bff-contract';
import { formatUbrn } from '@ers/shared/ubrn';
import { worklistPatientCell } from '@/components/worklist-patient';
import { formatDate } from '@/lib/format';
import { useWorklistPatients } from '@/lib/worklist-patients';
import { adviceKeys } from '../api/get-advice';
import { ADVICE_PATH } from '../utils/advice-path';

const PRIORITY_ORDER = ['TWO_WEEK_WAIT', 'URGENT', 'ROUTINE'];
const rank = (code: string | undefined) => {
  const index = PRIORITY_ORDER.indexOf(code ?? '');
  return index === -1 ? PRIORITY_ORDER.length : index;
};

function Header({ children, nowrap = false }: { children: ReactNode; nowrap?: boolean }) {
  return (
    <th
      className={`nhsuk-table__header${nowrap ? ' app-worklist__nowrap' : ''}`}
      scope="col"
      role="columnheader"
    >
      {children}
    </th>
  );
}

/** A cell with its column's name before it, shown only where the row is drawn as a card. */
function Cell({
  heading,
  nowrap = false,
  className = '',
  children,
}: {
  heading: string;
  nowrap?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const empty = children === '' || children === null ? 'app-worklist__cell--empty' : '';
  const classes = ['nhsuk-table__cell', nowrap ? 'app-worklist__nowrap' : '', className, empty]
    .filter(Boolean)
    .join(' ');
  return (
    <td className={classes} role="cell">
      <span className="nhsuk-table__heading">{heading} </span>
      <span>{children}</span>
    </td>
  );
}

/**
 * The A&G requests worklist in the worklists' responsive table: columns from 990 px, a card of
 * labelled rows per request below. UBRNs, NHS numbers and dates never wrap. The most urgent first,
 * then the longest waiting, as the referral worklists open. A UBRN links to the
 * request only where the role may read it (A024 is for the clinical business functions). The
 * patient is one column, as on the referral worklists: the NHS number from e-RS at once, then the
 * name and date of birth from PDS as they arrive.
 */
export function AdviceWorklistTable({
  worklist,
  canOpen,
}: {
  worklist: AdviceWorklist;
  canOpen: boolean;
}) {
  const items = [...worklist.items].sort(
    (a, b) =>
      rank(a.priority?.code) - rank(b.priority?.code) ||
      (a.firstRequested ?? '').localeCompare(b.firstRequested ?? ''),
  );
  // In the order shown: the rows at the top are named first.
  const patients = useWorklistPatients(
    { path: apiPaths.adviceWorklistPatients, queryKey: adviceKeys.worklist() },
    items,
  );
  if (items.length === 0) {
    return (
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>There are no Advice and Guidance requests to action.</p>
      </div>
    );
  }
  return (
    <div className="app-worklist">
      <table className="nhsuk-table nhsuk-table--compact app-worklist__table" role="table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--s">
          Advice and Guidance requests
          <span className="nhsuk-u-visually-hidden">
            , most urgent first, then the longest waiting
          </span>
        </caption>
        <thead className="nhsuk-table__head" role="rowgroup">
          <tr className="nhsuk-table__row" role="row">
            <Header>Priority</Header>
            <Header nowrap>UBRN</Header>
            <Header>Patient</Header>
            <Header>Specialty</Header>
            <Header nowrap>Requested</Header>
            <Header nowrap>Last updated</Header>
            <Header>Status</Header>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body" role="rowgroup">
          {items.map((item) => (
            <tr className="nhsuk-table__row" role="row" key={item.ubrn}>
              <Cell heading="Priority">{item.priority?.label ?? ''}</Cell>
              <Cell heading="UBRN" nowrap>
                {canOpen ? (
                  <Link to={`${ADVICE_PATH}/${item.ubrn}`}>{formatUbrn(item.ubrn)}</Link>
                ) : (
                  formatUbrn(item.ubrn)
                )}
              </Cell>
              <Cell heading="Patient" className="app-worklist__patient">
                {worklistPatientCell(item.nhsNumber, patients.get(item.ubrn))}
              </Cell>
              <Cell heading="Specialty">
                {item.specialty?.label ?? ''}
                {item.service?.name ? (
                  <span className="nhsuk-u-secondary-text-colour app-worklist__secondary">
                    {item.service.name}
                  </span>
                ) : null}
              </Cell>
              <Cell heading="Requested" nowrap>
                {item.firstRequested ? formatDate(item.firstRequested) : ''}
              </Cell>
              <Cell heading="Last updated" nowrap>
                {item.lastUpdated ? formatDate(item.lastUpdated) : ''}
              </Cell>
              <Cell heading="Status">{item.status?.label ?? ''}</Cell>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
