import type { QueryClient } from '@tanstack/react-query';
import { useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import {
  actingContextKeys,
  actingContextQueryOptions,
} from '@/features/acting-context/api/acting-context';
import { ActingContextForm } from '@/features/acting-context/components/acting-context-form';
import { OtherRoles } from '@/features/acting-context/components/other-roles';
import { RouteError } from '@/components/route-error';
import { userQueryKey, userQueryOptions } from '@/features/auth/api/get-user';
import { adviceKeys } from '@/features/advice-and-guidance/api/get-advice';
import { referralKeys } from '@/features/referrals/api/get-referral';
import { worklistKeys } from '@/features/worklists/api/get-worklist';
import { safeReturnTo } from '@/lib/return-to';
import { CHOOSE_CONTEXT_PATH } from '../choose-context-redirect';
import { startPathFor } from '../places';
import { orSignIn } from '../sign-in-redirect';

export function createLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) =>
    orSignIn(queryClient, request, async () => {
      // Always ask: the choices depend on the session, which another tab may have changed.
      await queryClient.query({ ...actingContextQueryOptions(), staleTime: 0 });
      return null;
    });
}

export function Component() {
  const { data: choices } = useSuspenseQuery(actingContextQueryOptions());
  const {
    data: { user },
  } = useSuspenseQuery(userQueryOptions());
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ActingContextForm
          choices={choices}
          onChosen={async () => {
            // What e-RS shows depends on the context: nothing fetched in the old one is kept.
            queryClient.removeQueries({ queryKey: worklistKeys.all });
            queryClient.removeQueries({ queryKey: referralKeys.all });
            queryClient.removeQueries({ queryKey: adviceKeys.all });
            await Promise.all([
              queryClient.invalidateQueries({ queryKey: userQueryKey }),
              queryClient.invalidateQueries({ queryKey: actingContextKeys.all }),
            ]);
            // With no page asked for, the first page of the role now chosen.
            const { user: chosen } = await queryClient.fetchQuery(userQueryOptions());
            await navigate(
              returnTo && !returnTo.startsWith(CHOOSE_CONTEXT_PATH)
                ? returnTo
                : startPathFor(chosen),
            );
          }}
        />
        <OtherRoles roles={user.otherRoles} />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
