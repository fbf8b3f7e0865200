import type { ReactNode } from 'react';
import { useNavigate, useParams, useRouteError } from 'react-router';
import { formatUbrn } from '@ers/shared/ubrn';
import { ProblemMessage, problemHeading } from '@/components/problem-message';
import { RouteError } from '@/components/route-error';
import { isApiError } from '@/lib/api-error';
import { FindReferralForm } from './find-referral-form';

/** Problems where the clinician's next step is to search again, for the right UBRN. */
const SEARCH_AGAIN = new Set(['referral_not_found', 'invalid_ubrn']);

/** What was searched, in the grouping the clinician typed and reads: `0000 4000 1234`. */
function searched(param: string): string {
  return /^\d{12}$/.test(param) ? formatUbrn(param) : param;
}

/**
 * Why a referral could not be shown. For a UBRN that found nothing or is not a UBRN, the page
 * repeats what was searched and offers the search again with it filled in, so a mistyped digit
 * is one correction away; any other problem is the shared problem page, with `children` after it.
 */
export function ReferralProblem({ children }: { children?: ReactNode }) {
  const error = useRouteError();
  const param = useParams().ubrn ?? '';
  const navigate = useNavigate();

  if (!isApiError(error) || !SEARCH_AGAIN.has(error.problem.code)) {
    return <RouteError>{children}</RouteError>;
  }
  const { problem } = error;
  return (
    <ProblemMessage
      problem={problem}
      documentTitle={false}
      detail={
        problem.code === 'referral_not_found' ? (
          <>
            <p className="nhsuk-body">
              No referral found for UBRN <span className="nhsuk-u-nowrap">{searched(param)}</span>.
            </p>
            <p className="nhsuk-body">
              Check the UBRN with the patient or the referral letter, then search again.
            </p>
          </>
        ) : (
          <p className="nhsuk-body">
            You searched for <span className="nhsuk-u-nowrap">“{param}”</span>. {problem.detail}
          </p>
        )
      }
    >
      <h2 className="nhsuk-heading-m">Search again</h2>
      <FindReferralForm
        key={param}
        initialValue={searched(param)}
        pageTitle={problemHeading(problem)}
        onFind={(ubrn) => void navigate(`/referrals/${ubrn}`)}
      />
    </ProblemMessage>
  );
}
