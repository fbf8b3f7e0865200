import type { Problem, ProblemCode } from '@ers/shared/problem';

const HEADINGS: Partial<Record<ProblemCode, string>> = {
  referral_not_found: 'Referral not found',
  invalid_ubrn: 'Check the UBRN',
  no_access: 'You do not have access to this referral',
  not_signed_in: 'You need to sign in',
  sign_in_again: 'You need to sign in again',
  session_replaced: 'You signed in somewhere else',
  signed_out_elsewhere: 'You have been signed out',
  rate_limited: 'Too many requests',
  upstream_unavailable: 'The e-Referral Service is not available',
  upstream_invalid_response: 'The e-Referral Service sent an unexpected response',
  route_not_found: 'Page not found',
};

export function problemHeading(problem: Problem): string {
  return HEADINGS[problem.code] ?? 'Sorry, there is a problem with the service';
}

/** A problem as a clinician reads it: a heading, the BFF's detail, and the ids support asks for. */
export function ProblemMessage({ problem }: { problem: Problem }) {
  const heading = problemHeading(problem);
  return (
    <>
      <title>{`${heading} - e-Referrals`}</title>
      <h1>{heading}</h1>
      <p className="nhsuk-body">{problem.detail}</p>
      {problem.correlationId ? (
        <p className="nhsuk-body-s">Correlation ID: {problem.correlationId}</p>
      ) : null}
      {problem.ersRequestId ? (
        <p className="nhsuk-body-s">e-RS request ID: {problem.ersRequestId}</p>
      ) : null}
    </>
  );
}
