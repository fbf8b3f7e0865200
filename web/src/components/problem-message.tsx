import type { ReactNode } from 'react';
import { useRevalidator } from 'react-router';
import type { Problem, ProblemCode } from '@ers/shared/problem';

const HEADINGS: Partial<Record<ProblemCode, string>> = {
  referral_not_found: 'Referral not found',
  invalid_ubrn: 'Check the UBRN',
  no_access: 'You do not have access to this referral',
  no_relationship: 'You cannot view this referral',
  not_signed_in: 'You need to sign in',
  sign_in_again: 'You need to sign in again',
  session_replaced: 'You signed in somewhere else',
  signed_out_elsewhere: 'You have been signed out',
  service_restarted: 'Your session ended because the service restarted',
  on_behalf_of_required: 'Choose the clinician you are working for',
  rate_limited: 'Too many requests',
  service_busy: 'The e-Referral Service is busy',
  upstream_timeout: 'The e-Referral Service took too long to answer',
  upstream_unavailable: 'The e-Referral Service is not available',
  upstream_invalid_response: 'The e-Referral Service sent an unexpected response',
  upstream_access_refused: 'The e-Referral Service refused your access',
  referral_unprocessable: 'The e-Referral Service could not show this referral',
  version_not_current: 'This is not the latest version of the referral',
  invalid_version: 'Check the referral version',
  attachment_not_found: 'Attachment not found',
  attachment_unavailable: 'This attachment cannot be opened',
  invalid_attachment_id: 'Attachment not found',
  invalid_list_type: 'Worklist not found',
  worklist_unprocessable: 'The e-Referral Service could not show this worklist',
  route_not_found: 'Page not found',
  service_unavailable: 'The service is not available',
};

/** Problems where asking again, a little later, can succeed. */
const RETRYABLE: ReadonlySet<ProblemCode> = new Set([
  'service_busy',
  'rate_limited',
  'upstream_timeout',
  'upstream_unavailable',
  'upstream_invalid_response',
  'service_unavailable',
]);

export function problemHeading(problem: Problem): string {
  return HEADINGS[problem.code] ?? 'Sorry, there is a problem with the service';
}

export function isRetryable(problem: Problem): boolean {
  return RETRYABLE.has(problem.code);
}

/** `Try again in 30 seconds.` from the problem's `retryAfterSeconds`, when it has one. */
export function retryAfterText(problem: Problem): string | null {
  const seconds = problem.retryAfterSeconds;
  if (seconds === undefined || seconds <= 0) return null;
  if (seconds < 90) return `Try again in ${String(seconds)} second${seconds === 1 ? '' : 's'}.`;
  return `Try again in ${String(Math.ceil(seconds / 60))} minutes.`;
}

/** Runs the page's loaders again: for a problem that may have passed. */
function TryAgainButton() {
  const revalidator = useRevalidator();
  return (
    <button
      type="button"
      className="nhsuk-button nhsuk-button--secondary"
      disabled={revalidator.state === 'loading'}
      onClick={() => {
        void revalidator.revalidate();
      }}
    >
      Try again
    </button>
  );
}

/**
 * The ids support asks for, folded away: a clinician reads what went wrong and what to do; the
 * ids are there, once, for whoever they call.
 */
export function SupportInformation({ problem }: { problem: Problem }) {
  if (!problem.correlationId && !problem.ersRequestId) return null;
  return (
    <details className="nhsuk-details">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Information for support</span>
      </summary>
      <div className="nhsuk-details__text">
        <p className="nhsuk-body-s">
          If you contact support about this problem, give them these references.
        </p>
        {problem.correlationId ? (
          <p className="nhsuk-body-s">Correlation ID: {problem.correlationId}</p>
        ) : null}
        {problem.ersRequestId ? (
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
            e-RS request ID: {problem.ersRequestId}
          </p>
        ) : null}
      </div>
    </details>
  );
}

/**
 * A problem as a clinician reads it: a heading, what happened (the BFF's detail, unless the page
 * words it better), what to do, and the ids support asks for.
 */
export function ProblemMessage({
  problem,
  detail,
  children,
  documentTitle = true,
}: {
  problem: Problem;
  detail?: ReactNode;
  /** What to do next, before the support information. */
  children?: ReactNode;
  /** False when a form in `children` titles the page (its "Error: " prefix). */
  documentTitle?: boolean;
}) {
  const heading = problemHeading(problem);
  const retryAfter = retryAfterText(problem);
  return (
    <>
      {documentTitle ? <title>{`${heading} - e-Referrals`}</title> : null}
      <h1>{heading}</h1>
      {detail ?? <p className="nhsuk-body">{problem.detail}</p>}
      {retryAfter ? <p className="nhsuk-body">{retryAfter}</p> : null}
      {isRetryable(problem) ? <TryAgainButton /> : null}
      {children}
      <SupportInformation problem={problem} />
    </>
  );
}
