/**
 * The demo's sign-in page (`dev:mock` only): in place of CIS2's, a tester picks one of the demo's
 * users (the stand-ins' personas), and the demo's session (msw's, in `sessionStorage`) starts.
 * The router mounts it only in Vite mode `mock`, so a production build has none of it.
 */
import { useSearchParams } from 'react-router';
import { SIGNED_IN_START_PATH } from '@ers/shared/bff-contract';
import { PageLayout } from '@/components/page-layout';
import { assignLocation } from '@/lib/browser-location';
import { safeReturnTo } from '@/lib/return-to';
import { DEMO_USERS, DemoSession } from './demo-session';

export function Component() {
  const [params] = useSearchParams();
  // As at the BFF: a role change starts again on the start page, not the old role's page.
  const returnTo =
    params.get('changeRole') === 'true'
      ? SIGNED_IN_START_PATH
      : (safeReturnTo(params.get('returnTo')) ?? SIGNED_IN_START_PATH);
  return (
    <PageLayout>
      <title>Choose a demo user - e-Referrals</title>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>Choose a demo user</h1>
          <p className="nhsuk-body">
            This is the demo, with no NHS CIS2 sign-in and no BFF: the people are the local
            stand-ins&apos; test users, and the referrals their fixture data.
          </p>
          <ul className="nhsuk-list">
            {DEMO_USERS.map((demoUser) => (
              <li key={demoUser.id}>
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2"
                  onClick={() => {
                    new DemoSession(window.sessionStorage).signIn(demoUser.id);
                    assignLocation(returnTo);
                  }}
                >
                  Sign in as {demoUser.user.name}, {demoUser.user.role.name}
                </button>
                <p className="nhsuk-body-s">{demoUser.summary}</p>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </PageLayout>
  );
}
