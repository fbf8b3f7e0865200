import { worklistTypesFor } from '@ers/shared/worklist-access';
import type { QueryClient } from '@tanstack/react-query';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { formatUbrn } from '@ers/shared/ubrn';
import {
  SERVICE_READER_BUSINESS_FUNCTIONS,
  isClinicalBusinessFunction,
  type BusinessFunction,
  type SignedInUser,
} from '@ers/shared/bff-contract';
import { userQueryOptions } from '@/features/auth/api/get-user';
import { organisationLabel } from '@/features/auth/components/account-area';
import { referralQueryOptions } from '@/features/referrals/api/get-referral';
import { AvailableActions } from '@/features/referrals/components/available-actions';
import { ClinicalContent } from '@/features/referrals/components/clinical-content';
import { PrintFooter, type PrintedBy } from '@/features/referrals/components/print-footer';
import {
  PatientNeeds,
  ReferralSummaryList,
  SUMMARY_CODE_SYSTEMS,
} from '@/features/referrals/components/referral-summary';
import { FROM_PARAM, worklistFrom } from '@/features/worklists/utils/worklist-url';
import { ReferralProblem } from '@/features/referrals/components/referral-problem';
import { patientQueryOptions } from '@/features/patient/api/get-patient';
import { PdsPatientBanner } from '@/features/patient/components/patient-banner';
import { referenceDataQueryOptions } from '@/lib/reference-data';
import { orChooseContext } from '../choose-context-redirect';
import { orSignIn } from '../sign-in-redirect';
import { ubrnFromParam } from '../ubrn-param';

export function createLoader(queryClient: QueryClient) {
  return async ({ params, request }: LoaderFunctionArgs) => {
    const ubrn = ubrnFromParam(params.ubrn, '0000 0007 0000');
    return orSignIn(queryClient, request, () =>
      orChooseContext(request, async () => {
        // Display names for the summary's codes, asked at the same time but not waited for: the
        // referral shows as soon as it arrives, with e-RS's own labels until A004 has answered
        // (the BFF caches A004, so it usually has), and if A004 fails.
        for (const codeSystem of SUMMARY_CODE_SYSTEMS) {
          void queryClient.prefetchQuery(referenceDataQueryOptions(codeSystem));
        }
        // The patient banner's PDS answer, likewise not waited for: asked now (or taken from the
        // early request), it is usually in by the time the referral is, and the banner is drawn
        // with it rather than in a second render after the page is shown.
        void queryClient.prefetchQuery(patientQueryOptions(ubrn));
        await queryClient.query(referralQueryOptions(ubrn));
        return null;
      }),
    );
  };
}

/** Who prints: the user, at the organisation e-RS has them working for. */
function printedBy(user: SignedInUser): PrintedBy {
  const odsCode = user.actingAs?.odsCode ?? user.organisation.odsCode;
  return {
    name: user.name,
    organisation:
      odsCode === user.organisation.odsCode ? organisationLabel(user) : `organisation ${odsCode}`,
  };
}

function FindAnotherLink() {
  return (
    <p className="nhsuk-body app-no-print">
      <Link to="/referrals/find">Find another referral</Link>
    </p>
  );
}

/**
 * "Back to <list>" for a referral opened from a worklist the user's role has (the list's filters
 * and order come back with it); null for one opened any other way.
 */
function useBackToList(businessFunction: BusinessFunction | undefined) {
  const [searchParams] = useSearchParams();
  const list = worklistFrom(searchParams.get(FROM_PARAM));
  if (!list || !businessFunction) return null;
  if (!worklistTypesFor(businessFunction).includes(list.listType)) return null;
  return (
    <Link className="nhsuk-back-link" to={list.path}>
      Back to {list.label.toLowerCase()}
    </Link>
  );
}

export function Component() {
  const ubrn = ubrnFromParam(useParams().ubrn, '0000 0007 0000');
  const { data: summary } = useSuspenseQuery(referralQueryOptions(ubrn));
  const {
    data: { user },
  } = useSuspenseQuery(userQueryOptions());
  const clinical =
    user.actingAs !== null && isClinicalBusinessFunction(user.actingAs.businessFunction);
  const backToList = useBackToList(user.actingAs?.businessFunction);
  // A033 is for referring clinicians and their admins only: no link others would follow to a refusal.
  const readsServices = (SERVICE_READER_BUSINESS_FUNCTIONS as readonly string[]).includes(
    user.actingAs?.businessFunction ?? '',
  );
  const heading = `Referral ${formatUbrn(ubrn)}`;
  return (
    <>
      <title>{`${heading} - e-Referrals`}</title>
      {backToList}
      <h1>{heading}</h1>
      <PdsPatientBanner ubrn={ubrn} nhsNumber={summary.nhsNumber} />
      <PatientNeeds summary={summary} />
      <ReferralSummaryList
        summary={summary}
        {...(readsServices
          ? { serviceHref: (serviceId: string) => `/referrals/${ubrn}/services/${serviceId}` }
          : {})}
      />
      {clinical ? <AvailableActions summary={summary} /> : null}
      <ClinicalContent summary={summary} clinical={clinical} />
      {backToList ? null : <FindAnotherLink />}
      <PrintFooter printedBy={printedBy(user)} version={summary.version} />
    </>
  );
}

export function ErrorBoundary() {
  return (
    <ReferralProblem>
      <FindAnotherLink />
    </ReferralProblem>
  );
}
