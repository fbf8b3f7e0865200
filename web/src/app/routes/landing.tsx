import type { QueryClient } from '@tanstack/react-query';
import { redirect, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { SIGNED_IN_START_PATH } from '@ers/shared/bff-contract';
import { PageLayout } from '@/components/page-layout';
import { actingContextQueryOptions } from '@/features/acting-context/api/acting-context';
import { userQueryOptions } from '@/features/auth/api/get-user';
import { safeReturnTo } from '@/lib/return-to';
import { signInHref } from '@/lib/sign-in-href';
import { CHOOSE_CONTEXT_PATH } from '../choose-context-redirect';
import { startPathFor } from '../places';

/**
 * The first page of the role the user works in. Until it is known, the BFF is asked to choose the
 * one e-RS A030 pair the CIS2 role suggests; failing that, the user chooses, and starts from there.
 */
async function startPath(queryClient: QueryClient): Promise<string> {
  let { user } = await queryClient.query(userQueryOptions());
  if (!user.actingAs) {
    const choices = await queryClient.fetchQuery({ ...actingContextQueryOptions(), staleTime: 0 });
    if (!choices.current) return CHOOSE_CONTEXT_PATH;
    ({ user } = await queryClient.fetchQuery({ ...userQueryOptions(), staleTime: 0 }));
  }
  return startPathFor(user);
}

export function createLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    const returnTo = safeReturnTo(new URL(request.url).searchParams.get('returnTo'));
    try {
      // Always ask the BFF: a cached user may belong to a session that has since ended.
      await queryClient.query({ ...userQueryOptions(), staleTime: 0 });
    } catch {
      // Not signed in (or the BFF cannot say): offer the sign-in button, coming back here (and on
      // to the first page of the role chosen) unless a page was asked for.
      return { returnTo: returnTo ?? SIGNED_IN_START_PATH };
    }
    return redirect(returnTo ?? (await startPath(queryClient)));
  };
}

export function Component() {
  const { returnTo } = useLoaderData<{ returnTo: string }>();
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
          <a className="nhsuk-button" href={signInHref(returnTo)} draggable={false}>
            Sign in with NHS Care Identity Service 2
          </a>
        </div>
      </div>
    </PageLayout>
  );
}
