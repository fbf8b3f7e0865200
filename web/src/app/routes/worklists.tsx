import type { QueryClient } from '@tanstack/react-query';
import { useQueries, useSuspenseQuery } from '@tanstack/react-query';
import { Link, redirect, useParams, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import type { Problem } from '@ers/shared/problem';
import { isClinicalBusinessFunction } from '@ers/shared/bff-contract';
import {
  WORKLIST_LABELS,
  WORKLIST_BUSINESS_FUNCTIONS,
  type WorklistType,
  isWorklistType,
  worklistTypesFor,
} from '@ers/shared/worklist-access';
import { isFilterableWorklist, type WorklistFilters } from '@ers/shared/worklist-filters';
import { RouteError } from '@/components/route-error';
import { userQueryOptions } from '@/features/auth/api/get-user';
import { referenceDataQueryOptions, specialtiesQueryOptions } from '@/lib/reference-data';
import {
  hasFilters,
  worklistFiltersFrom,
  worklistQueryOptions,
} from '@/features/worklists/api/get-worklist';
import { WorklistFiltersForm } from '@/features/worklists/components/worklist-filters';
import { WorklistNav } from '@/features/worklists/components/worklist-nav';
import { WorklistTable } from '@/features/worklists/components/worklist-table';
import type { Sort } from '@/features/worklists/components/sort';
import { sortFrom, worklistPath } from '@/features/worklists/utils/worklist-url';
import { ApiError } from '@/lib/api-client';
import { currentPath } from '@/lib/return-to';
import {
  CHOOSE_CONTEXT_PATH,
  chooseContextPath,
  orChooseContext,
} from '../choose-context-redirect';
import { orSignIn } from '../sign-in-redirect';

const HEADING = 'Worklists';

/** Referrer lists name the specialty with its clinic type. */
const isReferrerList = (listType: WorklistType) =>
  WORKLIST_BUSINESS_FUNCTIONS[listType].includes('REFERRING_CLINICIAN');

function noSuchList(): never {
  const problem: Problem = {
    type: 'about:blank',
    title: 'Worklist not found',
    status: 404,
    code: 'invalid_list_type',
    detail: 'There is no such worklist in the role you are working in.',
  };
  throw new ApiError(problem);
}

export function createLoader(queryClient: QueryClient) {
  return async ({ params, request }: LoaderFunctionArgs) =>
    orSignIn(queryClient, request, () =>
      orChooseContext(request, async () => {
        const { user } = await queryClient.query(userQueryOptions());
        if (!user.actingAs) return redirect(chooseContextPath(currentPath(new URL(request.url))));
        const lists = worklistTypesFor(user.actingAs.businessFunction);
        if (!params.listType) {
          return lists[0] ? redirect(`/worklists/${lists[0]}`) : null;
        }
        const listType = params.listType;
        if (!isWorklistType(listType) || !lists.includes(listType)) noSuchList();
        const filters = worklistFiltersFrom(listType, new URL(request.url).searchParams);
        const filtered = hasFilters(filters);
        const clinical = isClinicalBusinessFunction(user.actingAs.businessFunction);
        await Promise.all([
          queryClient.query(worklistQueryOptions(listType, filters)),
          // For the counts by each list (unfiltered); a failure there is not this page's problem.
          ...lists
            .filter((other) => other !== listType || filtered)
            .map((other) => queryClient.prefetchQuery(worklistQueryOptions(other))),
          // The filter's choices, and the names the rows show codes by (A004 is for clinical roles).
          ...(isFilterableWorklist(listType) || clinical
            ? [queryClient.prefetchQuery(specialtiesQueryOptions())]
            : []),
          ...(clinical && isReferrerList(listType)
            ? [queryClient.prefetchQuery(referenceDataQueryOptions('CLINIC-TYPE'))]
            : []),
        ]);
        return null;
      }),
    );
}

function ChangeContextLink() {
  return (
    <p className="nhsuk-body">
      <Link to={`${CHOOSE_CONTEXT_PATH}?returnTo=%2Fworklists`}>Change how you are working</Link>
    </p>
  );
}

function CurrentList({
  listType,
  lists,
  filters,
  sort,
  clinical,
}: {
  listType: WorklistType;
  lists: WorklistType[];
  filters: WorklistFilters;
  sort: Sort;
  clinical: boolean;
}) {
  const { data: worklist } = useSuspenseQuery(worklistQueryOptions(listType, filters));
  const filtered = hasFilters(filters);
  // The counts by the lists are of the unfiltered lists.
  const others = useQueries({
    queries: lists.map((other) => ({
      ...worklistQueryOptions(other),
      enabled: other !== listType || filtered,
    })),
  });
  const counts = lists.map((other, index) => ({
    listType: other,
    total:
      other === listType && !filtered
        ? worklist.counts.total
        : (others[index]?.data?.counts.total ?? null),
  }));
  return (
    <>
      <div className="app-worklist-bar">
        <WorklistNav lists={counts} current={listType} />
        <ChangeContextLink />
      </div>
      {isFilterableWorklist(listType) ? (
        <WorklistFiltersForm listType={listType} filters={filters} sort={sort} />
      ) : null}
      <WorklistTable
        worklist={worklist}
        filters={filters}
        sort={sort}
        clinical={clinical}
        filtered={filtered}
      />
    </>
  );
}

export function Component() {
  const { listType } = useParams();
  const {
    data: { user },
  } = useSuspenseQuery(userQueryOptions());
  const lists = user.actingAs ? worklistTypesFor(user.actingAs.businessFunction) : [];
  const [searchParams] = useSearchParams();
  const current = isWorklistType(listType) && lists.includes(listType) ? listType : null;
  const title = current ? `${WORKLIST_LABELS[current]} - ${HEADING}` : HEADING;
  const clinical = user.actingAs
    ? isClinicalBusinessFunction(user.actingAs.businessFunction)
    : false;
  return (
    <>
      <title>{`${title} - e-Referrals`}</title>
      <h1 className="app-worklist-heading">{HEADING}</h1>
      {current ? (
        <CurrentList
          listType={current}
          lists={lists}
          filters={worklistFiltersFrom(current, searchParams)}
          sort={sortFrom(searchParams)}
          clinical={clinical}
        />
      ) : (
        <>
          <ChangeContextLink />
          <p className="nhsuk-body">There are no worklists in the role you are working in.</p>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  const [searchParams] = useSearchParams();
  const { listType } = useParams();
  const unfiltered =
    isWorklistType(listType) && hasFilters(worklistFiltersFrom(listType, searchParams))
      ? worklistPath(listType, {}, sortFrom(searchParams))
      : null;
  return (
    <RouteError>
      {/* A filtered list that fails (e-RS cannot apply a filter) is one click from the whole list. */}
      {unfiltered ? (
        <p className="nhsuk-body">
          <Link to={unfiltered}>Clear the filters</Link>
        </p>
      ) : null}
      <p className="nhsuk-body">
        <Link to="/referrals/find">Find a referral</Link>
      </p>
    </RouteError>
  );
}
