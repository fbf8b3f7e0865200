import { Link } from 'react-router';
import { PageLayout } from '@/components/page-layout';

export function Component() {
  return (
    <PageLayout>
      <title>You have signed out - e-Referrals</title>
      <h1>You have signed out</h1>
      <p className="nhsuk-body">
        If you are using a shared computer, remove your smartcard and close the browser.
      </p>
      <p className="nhsuk-body">
        <Link to="/">Sign in again</Link>
      </p>
    </PageLayout>
  );
}
