/**
 * Errors the BFF returns to the SPA, as RFC 9457 problem details. The SPA branches on `code`,
 * never on the message text; `detail` is written for a clinician to read.
 */
import { z } from 'zod';

export const PROBLEM_CODES = [
  'not_signed_in',
  /** 401: this session was ended because the user started one somewhere else. */
  'session_replaced',
  /** 401: CIS2 told us the user signed out (back-channel logout). */
  'signed_out_elsewhere',
  /** 401: the BFF restarted, and its sessions lived in its memory only. */
  'service_restarted',
  'csrf_required',
  'cross_site_request',
  'invalid_request',
  'invalid_ubrn',
  'route_not_found',
  'payload_too_large',
  'referral_not_found',
  'no_access',
  'sign_in_again',
  'rate_limited',
  'upstream_unavailable',
  'upstream_invalid_response',
  'internal_error',
  /** 405: the route exists, for GET only. */
  'method_not_allowed',
  /** 400: the version in `/api/referrals/{ubrn}/versions/{version}` is not 1 to 9 digits. */
  'invalid_version',
  /** 400: the attachment id is not one e-RS could have issued. */
  'invalid_attachment_id',
  /** 400: not one of the six A008 list types. */
  'invalid_list_type',
  /** 400: not a reference-data code system we serve. */
  'invalid_code_system',
  /**
   * 404: e-RS only serves the latest version of a referral (HISTORY_NOT_SUPPORTED); for A029's
   * available actions, the referral has changed since it was shown.
   */
  'version_not_current',
  /** 400: not a healthcare service id e-RS could have issued. */
  'invalid_service_id',
  /** 404: e-RS has no healthcare service with that id (A033's REC_NOT_FOUND). */
  'service_not_found',
  /** 404: the referral has no attachment with that id. */
  'attachment_not_found',
  /**
   * 422: the file cannot be opened yet or ever (`ersCode` PENDING, THREATS_FOUND or
   * VALIDATION_FAILED); `detail` says what to do.
   */
  'attachment_unavailable',
  /** 403: e-RS says the user has no legitimate relationship with the referral (NO_RELATIONSHIP). */
  'no_relationship',
  /** 422: e-RS cannot process the request (`ersCode` e.g. PATIENT_ERROR, INVALID_REQUEST_TYPE). */
  'referral_unprocessable',
  /**
   * 422: e-RS could not produce the worklist asked for (A008's 422: a filter it cannot apply, e.g.
   * an unknown service, or a service the organisation has no relationship with); `ersCode` says why.
   */
  'worklist_unprocessable',
  /** 404: e-RS has no Advice and Guidance request with that UBRN (A024, A025, A043). */
  'advice_not_found',
  /**
   * 422: e-RS cannot show the A&G request (`ersCode` INVALID_REQUEST_TYPE: the UBRN is a referral,
   * not an A&G request; PATIENT_ERROR: do not try again).
   */
  'advice_unprocessable',
  /** 403: a SERVICE_PROVIDER_CLINICIAN_ADMIN must choose a clinician to act for first. */
  'on_behalf_of_required',
  /**
   * 403: the user has not chosen how they are working, and e-RS A030 offers more than one way
   * (or none that matches their CIS2 role): they choose at `/api/acting-context` first.
   */
  'acting_context_required',
  /** 403: e-RS A030 lists no role at any organisation for the user: nothing they can do here. */
  'no_ers_roles',
  /** 503: e-RS's rate limit (ours or theirs) is reached; `Retry-After` says when to try again. */
  'service_busy',
  /** 504: e-RS did not answer in time. */
  'upstream_timeout',
  /**
   * 502: e-RS refused the session's access token again after it was renewed (or, in the public
   * sandbox, where no token is sent): signing in again would be refused the same way.
   */
  'upstream_access_refused',
  /** 502, 503 or 504: PDS could not be reached, did not answer in time, or sent what we cannot read. */
  'pds_unavailable',
  /**
   * 502: PDS refused the request (its access, the user's role, or a header), so the patient's
   * details cannot be shown; the referral can.
   */
  'pds_access_refused',
  /** 503: the BFF's own session store failed or missed its deadline; the request did not finish. */
  'service_unavailable',
] as const;

export const ProblemCodeSchema = z.enum(PROBLEM_CODES);
export type ProblemCode = z.infer<typeof ProblemCodeSchema>;

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: ProblemCodeSchema,
  detail: z.string(),
  /** Our X-Correlation-ID for this request: what a clinician quotes to support. */
  correlationId: z.string().optional(),
  /** e-RS's transaction id (its X-Request-ID response header), when e-RS answered. */
  ersRequestId: z.string().optional(),
  /** The e-RS OperationOutcome code behind the problem, where it helps (e.g. PENDING). */
  ersCode: z.string().optional(),
  /** Also sent as `Retry-After`: when trying again makes sense. */
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
