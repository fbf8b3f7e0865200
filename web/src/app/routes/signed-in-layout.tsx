import { Suspense } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Outlet, type LoaderFunctionArgs } from 'react-router';
import { PageLayout } from '@/components/page-layout';
import { userQueryOptions } from '@/features/auth/api/get-user';
import { AccountArea, ConfidentialityNotice } from '@/features/auth/components/account-area';
import { SessionWatcher } from '@/features/auth/components/session-watcher';
import { orSignIn } from '../sign-in-redirect';

export function createLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    // Cached for the query's staleTime, then asked again: a navigation re-checks the session.
    return orSignIn(queryClient, request, async () => {
      await queryClient.query(userQueryOptions());
      return null;
    });
  };
}

export function Component() {
  const {
    data: { user, session },
  } = useSuspenseQuery(userQueryOptions());
  return (
    <PageLayout
      account={<AccountArea user={user} />}
      banner={<ConfidentialityNotice user={user} />}
    >
      <SessionWatcher session={session}>
        <Suspense
          fallback={
            <p className="nhsuk-body" role="status">
              Loading…
            </p>
          }
        >
          <Outlet />
        </Suspense>
      </SessionWatcher>
    </PageLayout>
  );
}
