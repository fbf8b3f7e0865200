/**
 * The checks routes make before asking e-RS, so a request e-RS would refuse never leaves the
 * BFF: the parameters are well formed, and the acting context may use the operation (the
 * pre-requisites each operation lists in the e-RS API specification).
 */
import { CLINICAL_BUSINESS_FUNCTIONS, type BusinessFunction } from '@ers/shared/bff-contract';
import { parseUbrn, type Ubrn } from '@ers/shared/ubrn';
import { AppError } from '../http/app-error';
import type { ActingAs } from '../session/session';
import type { RouteContext } from './operation';

export const SPCA: BusinessFunction = 'SERVICE_PROVIDER_CLINICIAN_ADMIN';

export function ubrnParam(c: RouteContext): Ubrn {
  const parsed = parseUbrn(c.req.param('ubrn') ?? '');
  if (!parsed.ok) throw new AppError(400, 'invalid_ubrn', parsed.message);
  return parsed.ubrn;
}

/**
 * The acting context the gateway established for this request (a pair e-RS A030 lists); a
 * route that runs without one is a bug, answered as "choose how you are working".
 */
export function actingAs(c: RouteContext): ActingAs {
  const { actingAs } = c.get('session');
  if (!actingAs) {
    throw new AppError(403, 'acting_context_required', 'Choose how you are working first.');
  }
  return actingAs;
}

export function requireBusinessFunction(
  c: RouteContext,
  allowed: readonly BusinessFunction[],
  detail: string,
): void {
  if (!allowed.includes(actingAs(c).businessFunction)) {
    throw new AppError(403, 'no_access', detail);
  }
}

/** A007 and A042: clinical content is for the four clinical business functions only. */
export function requireClinicalRole(c: RouteContext): void {
  requireBusinessFunction(
    c,
    CLINICAL_BUSINESS_FUNCTIONS,
    'Clinical information and attachments are not available in the role you are working in.',
  );
}

/**
 * e-RS: a SERVICE_PROVIDER_CLINICIAN_ADMIN always acts on behalf of a clinician, and the spec
 * requires the header wherever that business function is used. Checked before any cache, so the
 * answer never depends on who asked first.
 */
export function requireOnBehalfOf(c: RouteContext): void {
  const { businessFunction, onBehalfOf } = actingAs(c);
  if (businessFunction === SPCA && !onBehalfOf) {
    throw new AppError(
      403,
      'on_behalf_of_required',
      'Choose the clinician you are working on behalf of first.',
    );
  }
}
