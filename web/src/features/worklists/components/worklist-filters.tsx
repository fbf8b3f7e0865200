import { useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { WorklistType } from '@ers/shared/worklist-access';
import type { WorklistFilters } from '@ers/shared/worklist-filters';
import { currentSpecialties, specialtiesQueryOptions } from '@/lib/reference-data';
import { hasFilters } from '../api/get-worklist';
import { worklistPath } from '../utils/worklist-url';
import type { Sort } from './sort';

/**
 * The filters e-RS takes on a provider worklist, as a GET-style form: applying them navigates to
 * the same list with them in the URL search params (so Back undoes them and a link shares them).
 * Offered only when the specialties loaded (A004 is not open to every role). The list keeps its
 * order whatever the filters.
 */
export function WorklistFiltersForm({
  listType,
  filters,
  sort,
}: {
  listType: WorklistType;
  filters: WorklistFilters;
  sort: Sort;
}) {
  const { data } = useQuery(specialtiesQueryOptions());
  const navigate = useNavigate();
  if (!data) return null;
  const specialties = currentSpecialties(data);

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const specialty = new FormData(event.currentTarget).get('specialty');
    const next: WorklistFilters = { ...filters };
    if (typeof specialty === 'string' && specialty) next.specialty = specialty;
    else delete next.specialty;
    void navigate(worklistPath(listType, next, sort));
  }

  return (
    <form
      className="app-worklist-filters"
      role="search"
      aria-label="Filter the worklist"
      onSubmit={apply}
      key={filters.specialty ?? ''}
    >
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="worklist-filter-specialty">
          Specialty
        </label>
        <select
          className="nhsuk-select"
          id="worklist-filter-specialty"
          name="specialty"
          defaultValue={filters.specialty ?? ''}
        >
          <option value="">All specialties</option>
          {specialties.map((specialty) => (
            <option key={specialty.code} value={specialty.code}>
              {specialty.display}
            </option>
          ))}
        </select>
      </div>
      <div className="nhsuk-button-group">
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          Apply filters
        </button>
        {hasFilters(filters) ? (
          <Link className="nhsuk-link" to={worklistPath(listType, {}, sort)}>
            Clear filters
          </Link>
        ) : null}
      </div>
    </form>
  );
}
