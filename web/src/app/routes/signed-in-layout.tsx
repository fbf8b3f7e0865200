import { Suspense } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Outlet, redirect, useLocation, type LoaderFunctionArgs } from 'react-router';
import { HeaderNavigation } from '@/components/header-navigation';
import { PageLayout } from '@/components/page-layout';
import { actingContextQueryOptions } from '@/features/acting-context/api/acting-context';
import { userQueryOptions } from '@/features/auth/api/get-user';
import { AccountArea, ConfidentialityNotice } from '@/features/auth/components/account-area';
import { SessionWatcher } from '@/features/auth/components/session-watcher';
import { currentPath } from '@/lib/return-to';
import {
  CHOOSE_CONTEXT_PATH,
  chooseContextPath,
  needsOnBehalfOf,
} from '../choose-context-redirect';
import { placesFor } from '../places';
import { orSignIn } from '../sign-in-redirect';

export function createLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    // Cached for the query's staleTime, then asked again: a navigation re-checks the session.
    return orSignIn(queryClient, request, async () => {
      let { user } = await queryClient.query(userQueryOptions());
      const url = new URL(request.url);
      if (url.pathname === CHOOSE_CONTEXT_PATH) return null;
      if (!user.actingAs) {
        // Not chosen yet: the BFF asks e-RS A030 and chooses the one pair the CIS2 role suggests,
        // if there is exactly one; otherwise the user chooses.
        const choices = await queryClient.fetchQuery({
          ...actingContextQueryOptions(),
          staleTime: 0,
        });
        if (choices.current) {
          ({ user } = await queryClient.fetchQuery({ ...userQueryOptions(), staleTime: 0 }));
        }
      }
      // A service provider clinician admin must also choose the clinician they work for.
      if (!user.actingAs || needsOnBehalfOf(user)) {
        return redirect(chooseContextPath(currentPath(url)));
      }
      return null;
    });
  };
}

export function Component() {
  const {
    data: { user, session },
  } = useSuspenseQuery(userQueryOptions());
  const places = placesFor(user, useLocation().pathname);
  return (
    <PageLayout
      account={<AccountArea user={user} />}
      navigation={
        // Measured afresh when the places change (another role has other places).
        <HeaderNavigation key={places.map((place) => place.to).join(' ')} items={places} />
      }
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
