import { hasAdviceWorklist } from '@ers/shared/worklist-access';
import type { QueryClient } from '@tanstack/react-query';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link, redirect, type LoaderFunctionArgs } from 'react-router';
import { isClinicalBusinessFunction } from '@ers/shared/bff-contract';
import type { Problem } from '@ers/shared/problem';
import { RouteError } from '@/components/route-error';
import { userQueryOptions } from '@/features/auth/api/get-user';
import { adviceWorklistQueryOptions } from '@/features/advice-and-guidance/api/get-advice';
import { AdviceWorklistTable } from '@/features/advice-and-guidance/components/advice-worklist-table';
import { ApiError } from '@/lib/api-client';
import { currentPath } from '@/lib/return-to';
import { chooseContextPath, orChooseContext } from '../choose-context-redirect';
import { orSignIn } from '../sign-in-redirect';

const HEADING = 'Advice and Guidance';

/** The same refusal the BFF gives a role without the worklist, without asking it. */
function notForThisRole(): never {
  const problem: Problem = {
    type: 'about:blank',
    title: 'No access',
    status: 403,
    code: 'no_access',
    detail:
      'The Advice and Guidance worklist is for service providers: it is not available in the role you are working in.',
  };
  throw new ApiError(problem);
}

export function createLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) =>
    orSignIn(queryClient, request, () =>
      orChooseContext(request, async () => {
        const { user } = await queryClient.query(userQueryOptions());
        if (!user.actingAs) return redirect(chooseContextPath(currentPath(new URL(request.url))));
        if (!hasAdviceWorklist(user.actingAs.businessFunction)) notForThisRole();
        await queryClient.query(adviceWorklistQueryOptions());
        return null;
      }),
    );
}

export function Component() {
  const { data: worklist } = useSuspenseQuery(adviceWorklistQueryOptions());
  const {
    data: { user },
  } = useSuspenseQuery(userQueryOptions());
  const canOpen =
    user.actingAs !== null && isClinicalBusinessFunction(user.actingAs.businessFunction);
  return (
    <>
      <title>{`${HEADING} - e-Referrals`}</title>
      <h1 className="app-worklist-heading">{HEADING}</h1>
      <p className="nhsuk-body">
        Requests for advice your organisation has received that need action.
        {worklist.items.length > 0 ? ` ${String(worklist.items.length)} in the list.` : ''}
      </p>
      {canOpen ? null : (
        <p className="nhsuk-body">
          Requests cannot be opened in the role you are working in: e-RS shows them to clinicians
          and the clinical admins acting for them.
        </p>
      )}
      <AdviceWorklistTable worklist={worklist} canOpen={canOpen} />
    </>
  );
}

export function ErrorBoundary() {
  return (
    <RouteError>
      <p className="nhsuk-body">
        <Link to="/">Go to the start page</Link>
      </p>
    </RouteError>
  );
}
