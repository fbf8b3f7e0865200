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
});
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
