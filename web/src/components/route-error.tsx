import type { ReactNode } from 'react';
import { Link, isRouteErrorResponse, useRouteError } from 'react-router';
import { isApiError } from '@/lib/api-error';
import { PageLayout } from './page-layout';
import { ProblemMessage } from './problem-message';

export function NotFoundMessage() {
  return (
    <>
      <title>Page not found - e-Referrals</title>
      <h1>Page not found</h1>
      <p className="nhsuk-body">If you typed the web address, check it is correct.</p>
      <p className="nhsuk-body">
        <Link to="/">Go to the start page</Link>
      </p>
    </>
  );
}

/**
 * What a route shows when its loader or component fails: the problem's human message and its
 * correlation id, never a stack trace.
 */
export function RouteError({ children }: { children?: ReactNode }) {
  const error = useRouteError();

  if (isApiError(error)) {
    return (
      <>
        <ProblemMessage problem={error.problem} />
        {children}
      </>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <NotFoundMessage />;
  }
  return (
    <>
      <title>Sorry, there is a problem with the service - e-Referrals</title>
      <h1>Sorry, there is a problem with the service</h1>
      <p className="nhsuk-body">Try again later.</p>
      {children}
    </>
  );
}

/** `RouteError` inside the page template, for routes that are not inside a layout. */
export function PageRouteError() {
  return (
    <PageLayout>
      <RouteError />
    </PageLayout>
  );
}
