import type { QueryClient } from '@tanstack/react-query';
import { redirect, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { bffPaths } from '@ers/shared/bff-contract';
import { PageLayout } from '@/components/page-layout';
import { userQueryOptions } from '@/features/auth/api/get-user';
import { DEFAULT_SIGNED_IN_PATH, safeReturnTo } from '@/lib/return-to';

export function createLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    const returnTo =
      safeReturnTo(new URL(request.url).searchParams.get('returnTo')) ?? DEFAULT_SIGNED_IN_PATH;
    try {
      // Always ask the BFF: a cached user may belong to a session that has since ended.
      await queryClient.query({ ...userQueryOptions(), staleTime: 0 });
    } catch {
      // Not signed in (or the BFF cannot say): offer the sign-in button.
      return { returnTo };
    }
    return redirect(returnTo);
  };
}

export function Component() {
  const { returnTo } = useLoaderData<{ returnTo: string }>();
  const signInHref = `${bffPaths.login}?returnTo=${encodeURIComponent(returnTo)}`;
  return (
    <PageLayout>
      <title>Sign in - e-Referrals</title>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>Sign in to view e-Referrals</h1>
          <p className="nhsuk-body">
            Use your NHS smartcard or another NHS Care Identity Service 2 (CIS2) sign-in method to
            view referrals in the NHS e-Referral Service.
          </p>
          {/* A real navigation: the BFF runs the CIS2 sign-in and sets the session cookie. */}
          <a className="nhsuk-button" href={signInHref} draggable={false}>
            Sign in with NHS Care Identity Service 2
          </a>
        </div>
      </div>
    </PageLayout>
  );
}
