import type { QueryClient } from '@tanstack/react-query';
import { useQueries, useSuspenseQuery } from '@tanstack/react-query';
import { Link, redirect, useParams, type LoaderFunctionArgs } from 'react-router';
import type { Problem } from '@ers/shared/problem';
import { WORKLIST_LABELS, type WorklistType } from '@ers/shared/worklist';
import { RouteError } from '@/components/route-error';
import { userQueryOptions } from '@/features/auth/api/get-user';
import {
  isWorklistType,
  worklistQueryOptions,
  worklistTypesFor,
} from '@/features/worklists/api/get-worklist';
import { WorklistNav } from '@/features/worklists/components/worklist-nav';
import { WorklistTable } from '@/features/worklists/components/worklist-table';
import { ApiError } from '@/lib/api-client';
import { CHOOSE_CONTEXT_PATH, orChooseContext } from '../choose-context-redirect';
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
        const lists = worklistTypesFor(user.actingAs.businessFunction);
        if (!params.listType) {
          return lists[0] ? redirect(`/worklists/${lists[0]}`) : null;
        }
        const listType = params.listType;
        if (!isWorklistType(listType) || !lists.includes(listType)) noSuchList();
        await Promise.all([
          queryClient.query(worklistQueryOptions(listType)),
          // For the counts beside the other lists; a failure there is not this page's problem.
          ...lists
            .filter((other) => other !== listType)
            .map((other) => queryClient.prefetchQuery(worklistQueryOptions(other))),
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

function CurrentList({ listType, lists }: { listType: WorklistType; lists: WorklistType[] }) {
  const { data: worklist } = useSuspenseQuery(worklistQueryOptions(listType));
  const others = useQueries({
    queries: lists.map((other) => ({
      ...worklistQueryOptions(other),
      enabled: other !== listType,
    })),
  });
  const counts = lists.map((other, index) => ({
    listType: other,
    total: other === listType ? worklist.counts.total : (others[index]?.data?.counts.total ?? null),
  }));
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-one-quarter">
        <WorklistNav lists={counts} current={listType} />
      </div>
      <div className="nhsuk-grid-column-three-quarters">
        <WorklistTable worklist={worklist} />
      </div>
    </div>
  );
}

export function Component() {
  const { listType } = useParams();
  const {
    data: { user },
  } = useSuspenseQuery(userQueryOptions());
  const lists = worklistTypesFor(user.actingAs.businessFunction);
  const current = isWorklistType(listType) && lists.includes(listType) ? listType : null;
  const title = current ? `${WORKLIST_LABELS[current]} - ${HEADING}` : HEADING;
  return (
    <>
      <title>{`${title} - e-Referrals`}</title>
      <h1>{HEADING}</h1>
      <ChangeContextLink />
      {current ? (
        <CurrentList listType={current} lists={lists} />
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
  return (
    <RouteError>
      <p className="nhsuk-body">
        <Link to="/referrals/find">Find a referral</Link>
      </p>
    </RouteError>
  );
}
