import type { QueryClient } from '@tanstack/react-query';
import { useQueries, useSuspenseQuery } from '@tanstack/react-query';
import {
  Link,
  redirect,
  useLocation,
  useParams,
  useSearchParams,
  type LoaderFunctionArgs,
} from 'react-router';
import type { Problem } from '@ers/shared/problem';
import { WORKLIST_LABELS, type WorklistType } from '@ers/shared/worklist';
import { isFilterableWorklist, type WorklistFilters } from '@ers/shared/worklist-filters';
import { RouteError } from '@/components/route-error';
import { userQueryOptions } from '@/features/auth/api/get-user';
import { specialtiesQueryOptions } from '@/lib/reference-data';
import {
  hasFilters,
  isWorklistType,
  worklistFiltersFrom,
  worklistQueryOptions,
  worklistTypesFor,
} from '@/features/worklists/api/get-worklist';
import { WorklistFiltersForm } from '@/features/worklists/components/worklist-filters';
import { WorklistNav } from '@/features/worklists/components/worklist-nav';
import { WorklistTable } from '@/features/worklists/components/worklist-table';
import { ApiError } from '@/lib/api-client';
import { currentPath } from '@/lib/return-to';
import {
  CHOOSE_CONTEXT_PATH,
  chooseContextPath,
  orChooseContext,
} from '../choose-context-redirect';
import { orSignIn } from '../sign-in-redirect';

const HEADING = 'Worklists';

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
        await Promise.all([
          queryClient.query(worklistQueryOptions(listType, filters)),
          // For the counts beside each list (unfiltered); a failure there is not this page's problem.
          ...lists
            .filter((other) => other !== listType || filtered)
            .map((other) => queryClient.prefetchQuery(worklistQueryOptions(other))),
          ...(isFilterableWorklist(listType)
            ? [queryClient.prefetchQuery(specialtiesQueryOptions())]
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
}: {
  listType: WorklistType;
  lists: WorklistType[];
  filters: WorklistFilters;
}) {
  const { data: worklist } = useSuspenseQuery(worklistQueryOptions(listType, filters));
  const filtered = hasFilters(filters);
  // The counts beside the lists are of the unfiltered lists.
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
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-one-quarter">
        <WorklistNav lists={counts} current={listType} />
      </div>
      <div className="nhsuk-grid-column-three-quarters">
        {isFilterableWorklist(listType) ? <WorklistFiltersForm filters={filters} /> : null}
        <WorklistTable worklist={worklist} filtered={filtered} />
      </div>
    </div>
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
  return (
    <>
      <title>{`${title} - e-Referrals`}</title>
      <h1>{HEADING}</h1>
      <ChangeContextLink />
      {current ? (
        <CurrentList
          listType={current}
          lists={lists}
          filters={worklistFiltersFrom(current, searchParams)}
        />
      ) : (
        <p className="nhsuk-body">There are no worklists in the role you are working in.</p>
      )}
      <p className="nhsuk-body app-no-print">
        <Link to="/referrals/find">Find a referral</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  const { pathname, search } = useLocation();
  return (
    <RouteError>
      {/* A filtered list that fails (e-RS cannot apply a filter) is one click from the whole list. */}
      {search ? (
        <p className="nhsuk-body">
          <Link to={pathname}>Clear the filters</Link>
        </p>
      ) : null}
      <p className="nhsuk-body">
        <Link to="/referrals/find">Find a referral</Link>
      </p>
    </RouteError>
  );
}
