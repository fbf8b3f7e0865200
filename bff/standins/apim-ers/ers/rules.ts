/**
 * Who may do what in the local e-RS: the (ODS, business function) pairs a persona holds (what
 * A030 lists), the business functions each operation accepts (from the spec's pre-requisites),
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

/** The RBAC activity codes CIS2 sends, and the e-RS business function each grants. */
export const ACTIVITY_TO_BUSINESS_FUNCTION: Record<string, string> = {
  B1101: RC,
  B1102: RCA,
  B1103: RA,
  B1110: SPC,
  B1115: SPCA,
  B1120: SPA,
};

export const PROVIDER_FUNCTIONS = new Set([SPC, SPCA, SPA]);
export const REFERRER_FUNCTIONS = new Set([RC, RCA, RA]);

export type ActingContext = { odsCode: string; businessFunction: string };

/** The (ODS, business function) pairs a persona may act in, as e-RS A030 lists them. */
export function actingContexts(persona: Persona): ActingContext[] {
  const pairs: ActingContext[] = [];
  for (const role of persona.roles) {
    for (const activity of role.activityCodes) {
      const businessFunction = ACTIVITY_TO_BUSINESS_FUNCTION[activity];
      const duplicate = pairs.some(
        (pair) => pair.odsCode === role.orgCode && pair.businessFunction === businessFunction,
      );
      if (businessFunction && !duplicate) pairs.push({ odsCode: role.orgCode, businessFunction });
    }
  }
  return pairs;
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
