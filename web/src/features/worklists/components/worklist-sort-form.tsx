import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { WorklistType } from '@ers/shared/worklist-access';
import type { WorklistFilters } from '@ers/shared/worklist-filters';
import { SORT_PARAMS, sortFrom, worklistPath } from '../utils/worklist-url';
import type { Sort, SortDirection, SortKey } from './sort';

/** Each order in words: [ascending, descending]. */
const ORDERS: Record<SortKey, { name: string; ways: [string, string] }> = {
  priority: { name: 'Priority', ways: ['most urgent first', 'least urgent first'] },
  received: { name: 'Date received', ways: ['oldest first', 'newest first'] },
  appointment: { name: 'Appointment', ways: ['soonest first', 'latest first'] },
  specialty: { name: 'Specialty', ways: ['A to Z', 'Z to A'] },
  ubrn: { name: 'UBRN', ways: ['lowest first', 'highest first'] },
};
const DIRECTIONS: SortDirection[] = ['ascending', 'descending'];

/**
 * The list's order as a form, for where the list is drawn as cards and the sortable column
 * headers are not (the stylesheet shows one or the other). Applying it replaces the list's URL,
 * as a header link does.
 */
export function WorklistSortForm({
  listType,
  filters,
  sort,
  hasAppointments,
}: {
  listType: WorklistType;
  filters: WorklistFilters;
  sort: Sort;
  hasAppointments: boolean;
}) {
  const navigate = useNavigate();
  const keys = (Object.keys(ORDERS) as SortKey[]).filter(
    (key) => key !== 'appointment' || hasAppointments || sort.key === key,
  );

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const [key = '', direction = ''] = String(new FormData(event.currentTarget).get('order')).split(
      ' ',
    );
    const next = sortFrom(
      new URLSearchParams({ [SORT_PARAMS.key]: key, [SORT_PARAMS.direction]: direction }),
    );
    void navigate(worklistPath(listType, filters, next), { replace: true });
  }

  return (
    <form
      className="app-worklist__sort"
      aria-label="Sort the worklist"
      onSubmit={apply}
      key={`${sort.key} ${sort.direction}`}
    >
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="worklist-sort">
          Sort by
        </label>
        <select
          className="nhsuk-select"
          id="worklist-sort"
          name="order"
          defaultValue={`${sort.key} ${sort.direction}`}
        >
          {keys.flatMap((key) =>
            DIRECTIONS.map((direction, index) => (
              <option key={`${key} ${direction}`} value={`${key} ${direction}`}>
                {`${ORDERS[key].name}, ${ORDERS[key].ways[index]!}`}
              </option>
            )),
          )}
        </select>
      </div>
      <button className="nhsuk-button nhsuk-button--secondary" type="submit">
        Sort
      </button>
    </form>
  );
}
