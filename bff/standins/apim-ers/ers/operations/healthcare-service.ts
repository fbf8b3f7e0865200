/**
 * A033 `GET /R4/HealthcareService/{id}` (FHIR R4): a service from fixtures/src/healthcare-services.ts,
 * for REFERRING_CLINICIAN and REFERRING_CLINICIAN_ADMIN only (A033's pre-requisites), with the
 * `ETag` A033's 200 requires (`W/"<meta.versionId>"`). An unknown id is 404 REC_NOT_FOUND.
 *
 * `type` goes out as one object, not FHIR's array: A033's "Known Issues" says e-RS answers so,
 * and a stand-in sending the documented array would hide a client that reads only that.
 */
import { HEALTHCARE_SERVICES } from '@ers/fixtures/healthcare-services';
import { RC, RCA } from '../rules';
import type { Operation } from './types';

export const a033: Operation = {
  id: 'A033',
  method: 'GET',
  pattern: /^\/R4\/HealthcareService\/([^/]+)$/,
  flavour: 'R4',
  businessFunctions: new Set([RC, RCA]),
  // A033 has no on-behalf-of header (and refuses SPCAs anyway).
  onBehalfOfRequiredForSpca: false,
  handle({ params, errors }) {
    const service = HEALTHCARE_SERVICES.get(params[0]!);
    if (!service) return errors.notFound(`HealthcareService with ID ${params[0]} not found.`);
    const { type, ...rest } = service as { type?: unknown[] } & Record<string, unknown>;
    const version = (service.meta as { versionId: string }).versionId;
    return {
      status: 200,
      headers: { ETag: `W/"${version}"` },
      body: type?.[0] === undefined ? rest : { ...rest, type: type[0] },
    };
  },
};
