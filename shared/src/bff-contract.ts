/**
 * The BFF's HTTP surface as the SPA sees it, in Duende BFF's shape: `/bff/*` for the session,
 * `/api/*` for e-RS data. Every call except the sign-in navigation carries `X-CSRF: 1`.
 */
import { z } from 'zod';

export const CSRF_HEADER = 'X-CSRF';
export const CSRF_HEADER_VALUE = '1';

export const bffPaths = {
  /** `?returnTo=<same-origin path>`; `&changeRole=true` asks CIS2 to let the user pick again. */
  login: '/bff/login',
  callback: '/bff/callback',
  user: '/bff/user',
  /**
   * The sign-out form POSTs here (a navigation: the answer is the signed-out page, or the page
   * that ends the CIS2 session); a fetch with X-CSRF ends our session only, answering
   * LogoutResponse.
   */
  logout: '/bff/logout',
  /** CIS2 posts logout tokens here (no CSRF header: it is a server-to-server call). */
  backchannelLogout: '/bff/backchannel-logout',
  /**
   * One-session-per-user policy: after a sign-in that found another live session, the SPA shows
   * SESSION_CONFLICT_PATH; POSTing here (X-CSRF) ends the other session and starts this one.
   * Answers LogoutResponse-shaped `{ redirectTo }`.
   */
  sessionTakeover: '/bff/session/takeover',
} as const;

/** The SPA page offering "Start a new session here" when the user is signed in elsewhere. */
export const SESSION_CONFLICT_PATH = '/session-conflict';

/**
 * The SPA's start page: it sends a signed-in user to the first page of the role they work in.
 * Where "Change role" always lands, since the page it was chosen on may not exist in the new role.
 */
export const SIGNED_IN_START_PATH = '/';

/**
 * The SPA page shown when a session ended without the user signing out here; `?reason=` is one
 * of these, `&returnTo=` the page to go back to after signing in again.
 */
export const SESSION_ENDED_PATH = '/session-ended';
export const SESSION_END_REASONS = [
  'idle',
  'absolute',
  'replaced',
  'signed_out_elsewhere',
  /** The BFF restarted, and its sessions lived in its memory only. */
  'restarted',
] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/**
 * The BFF's `/api` routes, one per row: e-RS data, one route per e-RS retrieval (the BFF proxies
 * nothing else), and the acting context. The BFF registers exactly these (its operation table is
 * keyed on this one, checked by type); the SPA builds its URLs from it with `apiPath`.
 * - `actingContext` (A030): GET ActingContextChoices; PUT ChooseActingContext to change it.
 * - `referral` (A005) and `referralVersion` (A005 `_history`, version 1-9 digits): ReferralSummary.
 * - `attachment` (A042): the file itself; the id is one of the summary's `attachments[].id`.
 * - `clinicalInformation` (A007): the clinical information PDF.
 * - `worklist` (A008): Worklist; the list type is one of WORKLIST_TYPES, filters in the query.
 * - `worklistPatients` (then PDS `GET /Patient` per row): WorklistPatients for `?ubrn=` rows (at
 *   most five) of a worklist the BFF served this session; the NHS numbers are the ones it served.
 * - `referenceData` (A004): ReferenceData; one of REFERENCE_DATA_CODE_SYSTEMS.
 * - `referralPatient` (A005, then PDS `GET /Patient`): PatientLookup for the referral's NHS number;
 *   the number comes from the referral as e-RS shows it to the user, never from the browser.
 * - `availableActions` (A029): AvailableActions, what the user may do next with that version
 *   of the referral (the current one, as A005 gave it; e-RS refuses any other).
 * - `healthcareService` (A033, referring clinicians and their admins): HealthcareServiceDetails
 *   for a service id from a referral's shortlist.
 * - `onBehalfOf` (A040, SERVICE_PROVIDER_CLINICIAN_ADMIN only): OnBehalfOfPractitioners;
 *   `?odsCode=` lists them for acting as an SPC admin there before switching (the pair must be
 *   one A030 offers), without it for the current context.
 * - `adviceWorklist` (A023, provider business functions): AdviceWorklist.
 * - `adviceWorklistPatients` (then PDS `GET /Patient` per row): WorklistPatients for `?ubrn=` rows
 *   (at most five) of an A&G worklist the BFF served this session, as `worklistPatients`.
 * - `adviceRequest` (A024) and `adviceRequestVersion` (A024 `_history`): AdviceRequestSummary.
 * - `advicePatient` (A024, then PDS `GET /Patient`): PatientLookup for the A&G request's NHS number,
 *   as e-RS shows it to the user (never from the browser); as `referralPatient` in all else.
 * - `adviceConversation` (A025, at the version A024 gave: e-RS serves the latest only):
 *   AdviceConversation.
 * - `adviceOverview` (A043): the A&G overview PDF.
 * - `adviceAttachment` (A042): a file the A&G request or its conversation lists.
 */
export const API_ROUTES = {
  actingContext: '/api/acting-context',
  referral: '/api/referrals/:ubrn',
  referralVersion: '/api/referrals/:ubrn/versions/:version',
  referralPatient: '/api/referrals/:ubrn/patient',
  attachment: '/api/referrals/:ubrn/attachments/:attachmentId',
  clinicalInformation: '/api/referrals/:ubrn/clinical-information',
  availableActions: '/api/referrals/:ubrn/versions/:version/actions',
  healthcareService: '/api/healthcare-services/:serviceId',
  worklist: '/api/worklists/:listType',
  worklistPatients: '/api/worklists/:listType/patients',
  referenceData: '/api/reference-data/:codeSystem',
  onBehalfOf: '/api/on-behalf-of',
  adviceWorklist: '/api/advice-and-guidance',
  adviceWorklistPatients: '/api/advice-and-guidance/patients',
  adviceRequest: '/api/advice-and-guidance/:ubrn',
  adviceRequestVersion: '/api/advice-and-guidance/:ubrn/versions/:version',
  advicePatient: '/api/advice-and-guidance/:ubrn/patient',
  adviceConversation: '/api/advice-and-guidance/:ubrn/versions/:version/conversation',
  adviceOverview: '/api/advice-and-guidance/:ubrn/overview',
  adviceAttachment: '/api/advice-and-guidance/:ubrn/attachments/:attachmentId',
} as const;
export type ApiRouteName = keyof typeof API_ROUTES;

/** `/api/referrals/:ubrn/versions/:version` -> `'ubrn' | 'version'`. */
type PathParameters<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParameters<Rest>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;
export type ApiRouteParameters<Name extends ApiRouteName> = Record<
  PathParameters<(typeof API_ROUTES)[Name]>,
  string
>;

/** A route's path with its parameters filled in, each percent-encoded. */
export function apiPath<Name extends ApiRouteName>(
  name: Name,
  ...[parameters]: PathParameters<(typeof API_ROUTES)[Name]> extends never
    ? []
    : [ApiRouteParameters<Name>]
): string {
  const values = (parameters ?? {}) as Record<string, string>;
  return API_ROUTES[name].replace(/:([A-Za-z]+)/g, (_, key: string) =>
    encodeURIComponent(values[key] ?? ''),
  );
}

/** The SPA's shorthands for `apiPath`. */
export const apiPaths = {
  actingContext: apiPath('actingContext'),
  referral: (ubrn: string) => apiPath('referral', { ubrn }),
  referralVersion: (ubrn: string, version: string) => apiPath('referralVersion', { ubrn, version }),
  referralPatient: (ubrn: string) => apiPath('referralPatient', { ubrn }),
  attachment: (ubrn: string, attachmentId: string) => apiPath('attachment', { ubrn, attachmentId }),
  clinicalInformation: (ubrn: string) => apiPath('clinicalInformation', { ubrn }),
  availableActions: (ubrn: string, version: string) =>
    apiPath('availableActions', { ubrn, version }),
  healthcareService: (serviceId: string) => apiPath('healthcareService', { serviceId }),
  worklist: (listType: string) => apiPath('worklist', { listType }),
  worklistPatients: (listType: string) => apiPath('worklistPatients', { listType }),
  referenceData: (codeSystem: string) => apiPath('referenceData', { codeSystem }),
  onBehalfOf: (odsCode?: string) =>
    odsCode
      ? `${apiPath('onBehalfOf')}?odsCode=${encodeURIComponent(odsCode)}`
      : apiPath('onBehalfOf'),
  adviceWorklist: apiPath('adviceWorklist'),
  adviceWorklistPatients: apiPath('adviceWorklistPatients'),
  adviceRequest: (ubrn: string) => apiPath('adviceRequest', { ubrn }),
  advicePatient: (ubrn: string) => apiPath('advicePatient', { ubrn }),
  adviceConversation: (ubrn: string, version: string) =>
    apiPath('adviceConversation', { ubrn, version }),
  adviceOverview: (ubrn: string) => apiPath('adviceOverview', { ubrn }),
  adviceAttachment: (ubrn: string, attachmentId: string) =>
    apiPath('adviceAttachment', { ubrn, attachmentId }),
} as const;

/** A referral version as the versioned A005 route takes it. */
export const REFERRAL_VERSION_PATTERN = /^\d{1,9}$/;

/**
 * Business functions that may see clinical content (A007 clinical information, A042
 * attachments), as e-RS lists them. Admin functions are refused by the BFF before e-RS is asked.
 */
export const CLINICAL_BUSINESS_FUNCTIONS = [
  'REFERRING_CLINICIAN',
  'REFERRING_CLINICIAN_ADMIN',
  'SERVICE_PROVIDER_CLINICIAN',
  'SERVICE_PROVIDER_CLINICIAN_ADMIN',
] as const satisfies readonly BusinessFunction[];

/** e-RS A033 (a shortlisted service's details): referring clinicians and their admins only. */
export const SERVICE_READER_BUSINESS_FUNCTIONS = [
  'REFERRING_CLINICIAN',
  'REFERRING_CLINICIAN_ADMIN',
] as const satisfies readonly BusinessFunction[];

/** Whether the business function may open a referral and its clinical content (A005, A007, A042). */
export function isClinicalBusinessFunction(businessFunction: BusinessFunction): boolean {
  return (CLINICAL_BUSINESS_FUNCTIONS as readonly BusinessFunction[]).includes(businessFunction);
}

/** e-RS business functions (case-sensitive, as the NHSD-eRS-Business-Function header takes them). */
export const BUSINESS_FUNCTIONS = [
  'REFERRING_CLINICIAN',
  'REFERRING_CLINICIAN_ADMIN',
  'REFERRING_ADMIN',
  'COMMISSIONER',
  'SERVICE_PROVIDER_CLINICIAN',
  'SERVICE_PROVIDER_CLINICIAN_ADMIN',
  'SERVICE_PROVIDER_ADMIN',
  'INFORMATION_ANALYST',
  'BOOKING_MANAGER',
  'ADDITIONAL_REQUIREMENTS_MANAGER',
] as const;
export const BusinessFunctionSchema = z.enum(BUSINESS_FUNCTIONS);
export type BusinessFunction = z.infer<typeof BusinessFunctionSchema>;

/**
 * The national RBAC activity codes that suggest an e-RS business function. Only a suggestion:
 * e-RS's own registration (A030) says where the user may act; these pick the default there.
 */
const ACTIVITY_BUSINESS_FUNCTIONS: ReadonlyArray<readonly [string, BusinessFunction]> = [
  ['B1110', 'SERVICE_PROVIDER_CLINICIAN'],
  ['B1101', 'REFERRING_CLINICIAN'],
  ['B1115', 'SERVICE_PROVIDER_CLINICIAN_ADMIN'],
  ['B1102', 'REFERRING_CLINICIAN_ADMIN'],
  ['B1120', 'SERVICE_PROVIDER_ADMIN'],
  ['B1103', 'REFERRING_ADMIN'],
];

/** Every e-RS business function a CIS2 role's activity codes suggest. */
export function businessFunctionsForActivities(
  activityCodes: readonly string[],
): BusinessFunction[] {
  return ACTIVITY_BUSINESS_FUNCTIONS.filter(([code]) => activityCodes.includes(code)).map(
    ([, businessFunction]) => businessFunction,
  );
}

export const SignedInUserSchema = z.object({
  /** CIS2 `sub` (the UUID on the smartcard). */
  uid: z.string(),
  name: z.string(),
  role: z.object({
    id: z.string(),
    name: z.string(),
    code: z.string(),
  }),
  organisation: z.object({
    odsCode: z.string(),
    name: z.string(),
  }),
  /** Null until chosen, or until the BFF finds exactly one e-RS A030 pair to default to. */
  actingAs: z.lazy(() => ActingAsSchema).nullable(),
  /**
   * The user's other CIS2 roles (every well-formed role but the one signed in with), each with
   * why it cannot be used here. Optional: sessions from before this field have none.
   */
  otherRoles: z.array(z.lazy(() => OtherRoleSchema)).optional(),
});
export type SignedInUser = z.infer<typeof SignedInUserSchema>;

/** A CIS2 role the user holds but did not sign in with. */
export const OtherRoleSchema = z.object({
  id: z.string(),
  /** Display name, e.g. `General Medical Practitioner`. */
  name: z.string(),
  organisation: z.object({ odsCode: z.string(), name: z.string() }),
  /** The role carries e-RS access (so signing in with it would work). */
  usableForErs: z.boolean(),
  /** In plain words: why it cannot be used here, or how to use it. */
  reason: z.string(),
});
export type OtherRole = z.infer<typeof OtherRoleSchema>;

/** Where and how the user is working: e-RS's acting context. */
export const ActingAsSchema = z.object({
  odsCode: z.string(),
  businessFunction: BusinessFunctionSchema,
  /** Only for SERVICE_PROVIDER_CLINICIAN_ADMIN: the clinician acted for (e-RS A040). */
  onBehalfOf: z.object({ userId: z.string(), name: z.string().nullable() }).nullable().optional(),
});
export type ActingAs = z.infer<typeof ActingAsSchema>;

/**
 * `GET /api/acting-context`: the current context and every (organisation, business function)
 * pair e-RS A030 lists for the user, at whichever organisations. With no current context and
 * exactly one pair at the CIS2 role's organisation that its activity codes grant, the BFF
 * chooses that one; otherwise `current` is null until the user chooses.
 * `PUT` the same path with ChooseActingContext to change it without signing out.
 */
export const ActingContextChoicesSchema = z.object({
  current: ActingAsSchema.nullable(),
  /** The organisation of the CIS2 role the user signed in with. */
  organisation: z.object({ odsCode: z.string(), name: z.string() }),
  options: z.array(
    z.object({
      odsCode: z.string(),
      /** From CIS2's list of the user's organisations; null where CIS2 does not name it. */
      organisationName: z.string().nullable(),
      businessFunction: BusinessFunctionSchema,
    }),
  ),
});
export type ActingContextChoices = z.infer<typeof ActingContextChoicesSchema>;

export const ChooseActingContextSchema = z
  .object({
    odsCode: z.string().regex(/^[A-Z0-9]{3,10}$/),
    businessFunction: BusinessFunctionSchema,
    onBehalfOfUserId: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
  })
  .strict();
export type ChooseActingContext = z.infer<typeof ChooseActingContextSchema>;

export const SessionTimesSchema = z.object({
  /** ISO 8601: when the session ends if the user does nothing. */
  idleExpiresAt: z.string(),
  /** ISO 8601: when the session ends regardless of activity. */
  expiresAt: z.string(),
});

export const BffUserResponseSchema = z.object({
  user: SignedInUserSchema,
  session: SessionTimesSchema,
});
export type BffUserResponse = z.infer<typeof BffUserResponseSchema>;

export const LogoutResponseSchema = z.object({
  /** Where the browser goes next: our signed-out page. */
  redirectTo: z.string(),
});
export type LogoutResponse = z.infer<typeof LogoutResponseSchema>;

/** The SPA page where a refused sign-in ends, with `?reason=` one of these. */
export const SIGN_IN_PROBLEM_PATH = '/sign-in-problem';
export const SIGN_IN_PROBLEM_REASONS = [
  'invalid_callback',
  'access_denied',
  'cis2_unavailable',
  'low_identity_assurance',
  'low_authentication_assurance',
  'no_roles',
  'role_not_selected',
  'malformed_role',
  'token_exchange_failed',
] as const;
export type SignInProblemReason = (typeof SIGN_IN_PROBLEM_REASONS)[number];
