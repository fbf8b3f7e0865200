/**
 * `GET /api/healthcare-services/{serviceId}`: e-RS A033, a shortlisted service's details, for
 * the two business functions A033's pre-requisites name (REFERRING_CLINICIAN and
 * REFERRING_CLINICIAN_ADMIN); every other role is refused before e-RS is asked.
 *
 * Not cached. A033 points to A037 (`HEAD /R4/HealthcareService/{id}`) as the way to check that a
 * cached service has not changed, and this client does not use A037: a copy it could not check
 * might show a referrer contact details or instructions the service has since changed, which is
 * the very thing A033's use case ("so that I can trust that the service information is correct")
 * asks us not to do. So each view asks e-RS once.
 */
import { SERVICE_READER_BUSINESS_FUNCTIONS } from '@ers/shared/bff-contract';
import { SERVICE_ID_PATTERN } from '@ers/shared/healthcare-service';
import { AppError } from '../../../http/app-error';
import { requireBusinessFunction } from '../../access';
import { defineOperation } from '../../operation';
import { refusal } from '../../refusal';
import { retrieveHealthcareService, type ServiceId } from './request';

const SERVICE_NOT_FOUND = {
  code: 'service_not_found',
  detail: 'e-RS has no service with that ID. It may have been removed from the directory.',
} as const;

export const healthcareService = defineOperation({
  id: 'A033',
  operationId: 'a033-retrieve-healthcare-service',
  interaction: 'read',
  routes: [
    {
      route: 'healthcareService',
      method: 'GET',
      async handle(c, retrieval, services) {
        const param = c.req.param('serviceId') ?? '';
        if (!SERVICE_ID_PATTERN.test(param)) {
          throw new AppError(400, 'invalid_service_id', 'That is not an e-RS service ID.');
        }
        const serviceId = param as ServiceId;
        retrieval.what.serviceId = serviceId;
        requireBusinessFunction(
          c,
          SERVICE_READER_BUSINESS_FUNCTIONS,
          "A service's details are for referring clinicians and their admins.",
        );
        const outcome = await retrieval.call((context) =>
          retrieveHealthcareService(services.ers, context, serviceId),
        );
        if (outcome.kind !== 'ok') throw refusal(outcome, { notFound: SERVICE_NOT_FOUND });
        return c.json(outcome.body);
      },
    },
  ],
});
