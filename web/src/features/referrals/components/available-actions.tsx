import { useQuery } from '@tanstack/react-query';
import type { ReferralSummary } from '@ers/shared/referral-summary';
import type { Ubrn } from '@ers/shared/ubrn';
import { isApiError } from '@/lib/api-client';
import { availableActionsQueryOptions } from '../api/get-available-actions';

/**
 * What e-RS A029 says the user may do next with this referral, read-only: this client retrieves,
 * so the actions are words, never buttons, and the text says where they are done. Asked after
 * the referral has shown (it never holds the page up), for the version on screen.
 */
export function AvailableActions({ summary }: { summary: ReferralSummary }) {
  const version = summary.version;
  const { data, error, isPending } = useQuery({
    ...availableActionsQueryOptions(summary.ubrn as Ubrn, version ?? ''),
    enabled: version !== null,
  });
  return (
    <section aria-labelledby="available-actions-heading" className="app-no-print">
      <h2 id="available-actions-heading">What you can do next</h2>
      {version === null ? (
        <p className="nhsuk-body">e-RS did not say which version of the referral this is.</p>
      ) : isPending ? (
        <p className="nhsuk-body" role="status">
          Checking with e-RS what you can do next…
        </p>
      ) : error ? (
        <p className="nhsuk-body" role="status">
          {isApiError(error) && error.problem.code === 'version_not_current'
            ? error.problem.detail
            : 'e-RS could not say what you can do next. Try again later.'}
        </p>
      ) : data.actions.length === 0 ? (
        <p className="nhsuk-body">
          e-RS offers you no actions on this referral at the moment, in the role you are working in.
        </p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--bullet" aria-label="Actions e-RS offers you">
          {data.actions.map((action) => (
            <li key={action.code}>{action.label}</li>
          ))}
        </ul>
      )}
      <p className="nhsuk-body">
        Do these in the e-RS Professional Application or in your own clinical system: this app shows
        referrals but cannot change them.
      </p>
    </section>
  );
}
