import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSessionTakeover } from '@/features/auth/api/session-takeover';
import { PageLayout } from '@/components/page-layout';
import { isApiError } from '@/lib/api-client';
import { signInPagePath } from '@/lib/return-to';

const HEADING = 'You are already signed in somewhere else';

/** What went wrong starting the new session, and whether trying again can help. */
function TakeoverProblem({ expired, returnTo }: { expired: boolean; returnTo: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Focused so it is announced, as the NHS design system's error summary is.
    ref.current?.focus();
  }, []);
  return (
    <div
      className="nhsuk-error-summary"
      aria-labelledby="takeover-problem-title"
      tabIndex={-1}
      ref={ref}
    >
      <div role="alert">
        <h2 className="nhsuk-error-summary__title" id="takeover-problem-title">
          There is a problem
        </h2>
        <div className="nhsuk-error-summary__body">
          {expired ? (
            <>
              <p>Your sign-in took too long to finish, so it has expired.</p>
              <ul className="nhsuk-list nhsuk-error-summary__list">
                <li>
                  <Link to={signInPagePath(returnTo)}>Sign in again</Link>
                </li>
              </ul>
            </>
          ) : (
            <p>Sorry, we could not start a new session. Try again in a few minutes.</p>
          )}
        </div>
      </div>
    </div>
  );
}

export function Component() {
  const [params] = useSearchParams();
  const returnTo = params.get('returnTo');
  const takeover = useSessionTakeover();
  // 401: the sign-in parked while the user decided has expired, so there is nothing to start.
  const expired = isApiError(takeover.error) && takeover.error.status === 401;

  return (
    <PageLayout>
      <title>{`${HEADING} - e-Referrals`}</title>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          {takeover.isError ? <TakeoverProblem expired={expired} returnTo={returnTo} /> : null}
          <h1>{HEADING}</h1>
          <p className="nhsuk-body">
            You can only be signed in to e-Referrals in one place at a time. You are still signed in
            on another computer, device or browser.
          </p>
          <p className="nhsuk-body">
            If you start a new session here, you will be signed out there. Anything you had not
            finished there will be lost.
          </p>
          <div className="nhsuk-button-group">
            {expired ? null : (
              <button
                type="button"
                className="nhsuk-button"
                disabled={takeover.isPending || takeover.isSuccess}
                onClick={() => {
                  takeover.mutate();
                }}
              >
                Start a new session here
              </button>
            )}
            <Link className="nhsuk-link" to="/signed-out">
              Cancel
            </Link>
          </div>
        </div>
      </div>
    </PageLayout>
  );
}
