import { hasAdviceWorklist } from '@ers/shared/worklist-access';
import type { QueryClient } from '@tanstack/react-query';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import type { AdviceRequestSummary } from '@ers/shared/advice-and-guidance';
import { formatUbrn, type Ubrn } from '@ers/shared/ubrn';
import { RouteError } from '@/components/route-error';
import { userQueryOptions } from '@/features/auth/api/get-user';
import {
  adviceConversationQueryOptions,
  adviceRequestQueryOptions,
} from '@/features/advice-and-guidance/api/get-advice';
import { ADVICE_PATH } from '@/features/advice-and-guidance/utils/advice-path';
import { patientQueryOptions } from '@/features/patient/api/get-patient';
import { PdsPatientBanner } from '@/features/patient/components/patient-banner';
import {
  AdviceContent,
  AdviceSummaryList,
} from '@/features/advice-and-guidance/components/advice-request';
import { orChooseContext } from '../choose-context-redirect';
import { orSignIn } from '../sign-in-redirect';
import { ubrnFromParam } from '../ubrn-param';

/**
 * A024 first: the conversation (A025) must be asked for at the version it gives. The patient
 * banner's PDS answer is asked for at the same time and not waited for, as on a referral (the BFF
 * shares one A024 between the two).
 */
export function createLoader(queryClient: QueryClient) {
  return async ({ params, request }: LoaderFunctionArgs) => {
    const ubrn = ubrnFromParam(params.ubrn, '0000 0009 0000');
    return orSignIn(queryClient, request, () =>
      orChooseContext(request, async () => {
        void queryClient.prefetchQuery(patientQueryOptions(ubrn, 'advice'));
        const summary = await queryClient.query(adviceRequestQueryOptions(ubrn));
        if (summary.version) {
          await queryClient.query(adviceConversationQueryOptions(ubrn, summary.version));
        }
        return null;
      }),
    );
  };
}

function BackToAdvice() {
  const {
    data: { user },
  } = useSuspenseQuery(userQueryOptions());
  if (!user.actingAs || !hasAdviceWorklist(user.actingAs.businessFunction)) return null;
  return (
    <Link className="nhsuk-back-link" to={ADVICE_PATH}>
      Back to Advice and Guidance
    </Link>
  );
}

function WithConversation({
  ubrn,
  summary,
  version,
}: {
  ubrn: Ubrn;
  summary: AdviceRequestSummary;
  version: string;
}) {
  const { data: conversation } = useSuspenseQuery(adviceConversationQueryOptions(ubrn, version));
  return <AdviceContent ubrn={ubrn} summary={summary} conversation={conversation} />;
}

export function Component() {
  const ubrn = ubrnFromParam(useParams().ubrn, '0000 0009 0000');
  const { data: summary } = useSuspenseQuery(adviceRequestQueryOptions(ubrn));
  const heading = `Advice and Guidance request ${formatUbrn(ubrn)}`;
  return (
    <>
      <title>{`${heading} - e-Referrals`}</title>
      <BackToAdvice />
      <h1>
        Advice and Guidance request {/* A UBRN broken over two lines is misread. */}
        <span className="app-advice__nowrap">{formatUbrn(ubrn)}</span>
      </h1>
      <PdsPatientBanner ubrn={ubrn} nhsNumber={summary.nhsNumber} of="advice" />
      <AdviceSummaryList summary={summary} />
      {summary.version ? (
        <WithConversation ubrn={ubrn} summary={summary} version={summary.version} />
      ) : (
        <AdviceContent ubrn={ubrn} summary={summary} conversation={null} />
      )}
      <p className="nhsuk-body nhsuk-u-secondary-text-colour">
        Reply to the referrer, or convert the request to a referral, in e-RS itself: this client
        shows requests and does not change them.
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return (
    <RouteError>
      <BackToAdviceOrStart />
    </RouteError>
  );
}

/** In an error, the user may have no session to ask about: a plain link back. */
function BackToAdviceOrStart() {
  return (
    <p className="nhsuk-body">
      <Link to={ADVICE_PATH}>Back to Advice and Guidance</Link>
    </p>
  );
}
