import type { QueryClient } from '@tanstack/react-query';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import { SERVICE_ID_PATTERN } from '@ers/shared/healthcare-service';
import type { Problem } from '@ers/shared/problem';
import { formatUbrn, parseUbrn } from '@ers/shared/ubrn';
import { healthcareServiceQueryOptions } from '@/features/services/api/get-healthcare-service';
import { ServiceDetails } from '@/features/services/components/service-details';
import { ApiError } from '@/lib/api-client';
import { RouteError } from '@/components/route-error';
import { orChooseContext } from '../choose-context-redirect';
import { orSignIn } from '../sign-in-redirect';

/**
 * A service on a referral's shortlist, for a referrer choosing between them (e-RS A033): its own
 * page, reached from the referral's "Services" row and back, so a referrer can compare services
 * one after another, and link to one, without the summary growing a panel per service.
 */
function serviceIdFromParam(param: string | undefined): string {
  if (param && SERVICE_ID_PATTERN.test(param)) return param;
  const problem: Problem = {
    type: 'about:blank',
    title: 'Invalid service ID',
    status: 400,
    code: 'invalid_service_id',
    detail: 'That is not an e-RS service ID.',
  };
  throw new ApiError(problem);
}

export function createLoader(queryClient: QueryClient) {
  return async ({ params, request }: LoaderFunctionArgs) => {
    const serviceId = serviceIdFromParam(params.serviceId);
    return orSignIn(queryClient, request, () =>
      orChooseContext(request, async () => {
        await queryClient.query(healthcareServiceQueryOptions(serviceId));
        return null;
      }),
    );
  };
}

function BackToReferral() {
  const parsed = parseUbrn(useParams().ubrn ?? '');
  if (!parsed.ok) return null;
  return (
    <Link className="nhsuk-back-link" to={`/referrals/${parsed.ubrn}`}>
      Back to referral {formatUbrn(parsed.ubrn)}
    </Link>
  );
}

export function Component() {
  const serviceId = serviceIdFromParam(useParams().serviceId);
  const { data: service } = useSuspenseQuery(healthcareServiceQueryOptions(serviceId));
  return (
    <>
      <title>{`${service.name} - e-Referrals`}</title>
      <BackToReferral />
      <h1>
        <span className="nhsuk-caption-l">
          Shortlisted service<span className="nhsuk-u-visually-hidden"> - </span>
        </span>
        {service.name}
      </h1>
      <ServiceDetails service={service} />
    </>
  );
}

export function ErrorBoundary() {
  return (
    <>
      <BackToReferral />
      <RouteError />
    </>
  );
}
