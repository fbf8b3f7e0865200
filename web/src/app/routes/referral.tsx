import type { QueryClient } from '@tanstack/react-query';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import type { Problem } from '@ers/shared/problem';
import { formatUbrn, parseUbrn, type Ubrn } from '@ers/shared/ubrn';
import { RouteError } from '@/components/route-error';
import { CLINICAL_BUSINESS_FUNCTIONS, type BusinessFunction } from '@ers/shared/bff-contract';
import { userQueryOptions } from '@/features/auth/api/get-user';
import { referralQueryOptions } from '@/features/referrals/api/get-referral';
import { ClinicalContent } from '@/features/referrals/components/clinical-content';
import {
  PatientBanner,
  ReferralSummaryList,
} from '@/features/referrals/components/referral-summary';
import { PdsPatientBanner } from '@/features/patient/components/patient-banner';
import { ApiError } from '@/lib/api-client';
import { orChooseContext } from '../choose-context-redirect';
import { orSignIn } from '../sign-in-redirect';

/** The `:ubrn` param as a UBRN, or the same problem the BFF would give for it. */
function ubrnFromParam(param: string | undefined): Ubrn {
  const result = parseUbrn(param ?? '');
  if (result.ok) return result.ubrn;
  const problem: Problem = {
    type: 'about:blank',
    title: 'Invalid UBRN',
    status: 400,
    code: 'invalid_ubrn',
    detail: `${result.message}, for example 0000 0007 0000.`,
  };
  throw new ApiError(problem);
}

export function createLoader(queryClient: QueryClient) {
  return async ({ params, request }: LoaderFunctionArgs) => {
    const ubrn = ubrnFromParam(params.ubrn);
    return orSignIn(queryClient, request, () =>
      orChooseContext(request, async () => {
        await queryClient.query(referralQueryOptions(ubrn));
        return null;
      }),
    );
  };
}

function FindAnotherLink() {
  return (
    <p className="nhsuk-body app-no-print">
      <Link to="/referrals/find">Find another referral</Link>
    </p>
  );
}

export function Component() {
  const ubrn = ubrnFromParam(useParams().ubrn);
  const { data: summary } = useSuspenseQuery(referralQueryOptions(ubrn));
  const {
    data: { user },
  } = useSuspenseQuery(userQueryOptions());
  const clinical =
    user.actingAs !== null &&
    (CLINICAL_BUSINESS_FUNCTIONS as readonly BusinessFunction[]).includes(
      user.actingAs.businessFunction,
    );
  const heading = `Referral ${formatUbrn(ubrn)}`;
  return (
    <>
      <title>{`${heading} - e-Referrals`}</title>
      <h1>{heading}</h1>
      <PdsPatientBanner ubrn={ubrn} nhsNumber={summary.nhsNumber} />
      <PatientBanner summary={summary} />
      <ReferralSummaryList summary={summary} />
      <ClinicalContent summary={summary} clinical={clinical} />
      <FindAnotherLink />
    </>
  );
}

export function ErrorBoundary() {
  return (
    <RouteError>
      <FindAnotherLink />
    </RouteError>
  );
}
