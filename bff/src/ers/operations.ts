/**
 * The e-RS operations the BFF uses: one line each. This table is the allowlist (nothing else
 * under /api/ reaches e-RS: the proxy restrictions of draft-ietf-oauth-browser-based-apps §6.1.3.6),
 * and from it come the operation ids, each route's methods and 405s, and each audit event's
 * operation and FHIR interaction. To add an operation: a folder under operations/ with its
 * request and route (see operation.ts), its path in @ers/shared's API_ROUTES, and a line here.
 */
import type { ApiRouteName } from '@ers/shared/bff-contract';
import { referenceData } from './operations/a004-reference-data/route';
import { referralRequest } from './operations/a005-referral-request/route';
import { clinicalInformation } from './operations/a007-clinical-information/route';
import { worklist } from './operations/a008-worklist/route';
import { availableActions } from './operations/a029-available-actions/route';
import { adviceWorklist } from './operations/a023-advice-worklist/route';
import { adviceRequestOperation } from './operations/a024-advice-request/route';
import { adviceConversation } from './operations/a025-advice-conversation/route';
import { practitionerRoles } from './operations/a030-practitioner-roles/route';
import { healthcareService } from './operations/a033-healthcare-service/route';
import { onBehalfOf } from './operations/a040-on-behalf-of/route';
import { attachment } from './operations/a042-attachment/route';
import { adviceOverview } from './operations/a043-advice-overview/route';

export const ERS_OPERATIONS = [
  referenceData,
  referralRequest,
  clinicalInformation,
  worklist,
  availableActions,
  adviceWorklist,
  adviceRequestOperation,
  adviceConversation,
  practitionerRoles,
  healthcareService,
  onBehalfOf,
  attachment,
  adviceOverview,
] as const;

export type ErsOperationId = (typeof ERS_OPERATIONS)[number]['id'];

type ServedRoute = (typeof ERS_OPERATIONS)[number]['routes'][number]['route'];
type Unserved = Exclude<ApiRouteName, ServedRoute>;
/** Fails to compile while a route in the contract has no operation serving it. */
export const EVERY_API_ROUTE_SERVED: [Unserved] extends [never] ? true : Unserved = true;
