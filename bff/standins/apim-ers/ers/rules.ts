/**
 * Who may do what in the local e-RS: the (ODS, business function) pairs a persona holds (what
 * A030 lists, from the persona's e-RS registration), the business functions each operation accepts (from the spec's pre-requisites),
 * the on-behalf-of rule for SPCAs, and the legitimate-relationship rule for referrals.
 */
import type { Persona } from '../../personas';
import type { ReferralFixture } from '@ers/fixtures';

export const RC = 'REFERRING_CLINICIAN';
export const RCA = 'REFERRING_CLINICIAN_ADMIN';
export const RA = 'REFERRING_ADMIN';
export const SPC = 'SERVICE_PROVIDER_CLINICIAN';
export const SPCA = 'SERVICE_PROVIDER_CLINICIAN_ADMIN';
export const SPA = 'SERVICE_PROVIDER_ADMIN';

export const PROVIDER_FUNCTIONS = new Set([SPC, SPCA, SPA]);
export const REFERRER_FUNCTIONS = new Set([RC, RCA, RA]);

export type ActingContext = { odsCode: string; businessFunction: string };

/**
 * The (ODS, business function) pairs a persona may act in, as e-RS A030 lists them: from their
 * e-RS registration, never from their CIS2 roles (at NHS the two are kept apart and can differ).
 */
export function actingContexts(persona: Persona): ActingContext[] {
  return persona.ersRoles.flatMap(({ odsCode, businessFunctions }) =>
    businessFunctions.map((businessFunction) => ({ odsCode, businessFunction })),
  );
}

/**
 * A referral is visible to users acting for the organisation it was sent to (provider business
 * functions) or for the organisation that sent it (referrer business functions). That is the
 * stand-in's whole legitimate-relationship rule; see the README for who sees what.
 */
export function hasRelationship(
  referral: Pick<ReferralFixture, 'providerOrg' | 'referringOrg'>,
  context: ActingContext,
): boolean {
  if (PROVIDER_FUNCTIONS.has(context.businessFunction)) {
    return referral.providerOrg === context.odsCode;
  }
  if (REFERRER_FUNCTIONS.has(context.businessFunction)) {
    return referral.referringOrg === context.odsCode;
  }
  return false;
}

/** The NHSD-eRS-On-Behalf-Of-User-ID rule; `null` when the header is as e-RS wants it. */
export function onBehalfOfRefusal(
  persona: Persona,
  businessFunction: string,
  onBehalfOf: string | undefined,
  options: { requiredForSpca: boolean },
): string | null {
  if (businessFunction !== SPCA) {
    return onBehalfOf
      ? `On Behalf Of User ID (${onBehalfOf}) is not permitted for Business Function (${businessFunction}).`
      : null;
  }
  if (!onBehalfOf) {
    return options.requiredForSpca
      ? `On Behalf Of User ID must be provided for Business Function (${SPCA}).`
      : null;
  }
  return (persona.actsOnBehalfOf ?? []).includes(onBehalfOf)
    ? null
    : `On Behalf Of User ID (${onBehalfOf}) provided is invalid or not in the list of allowed OBO Users.`;
}
