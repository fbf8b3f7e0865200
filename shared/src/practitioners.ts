/**
 * View models of the two e-RS R4 practitioner lookups: A030 (the organisations and business
 * functions the signed-in user may act in) and A040 (the clinicians a
 * SERVICE_PROVIDER_CLINICIAN_ADMIN may act on behalf of).
 */
import { z } from 'zod';
import { BusinessFunctionSchema, type BusinessFunction } from './bff-contract';
import {
  BUSINESS_FUNCTION_SYSTEM,
  ODS_CODE_SYSTEM_R4,
  PractitionerBundleSchema,
  PractitionerRoleBundleSchema,
  SDS_USER_ID_SYSTEM_R4,
} from './ers-fhir';

export const PractitionerRolesSchema = z.array(
  z.object({
    odsCode: z.string(),
    /** Only the business functions this client knows; e-RS lists others (e.g. SERVICE_DEFINER). */
    businessFunctions: z.array(BusinessFunctionSchema),
  }),
);
export type PractitionerRoles = z.infer<typeof PractitionerRolesSchema>;

export type PractitionerRolesResult =
  { ok: true; roles: PractitionerRoles } | { ok: false; reason: string };

export function toPractitionerRoles(fhir: unknown): PractitionerRolesResult {
  const parsed = PractitionerRoleBundleSchema.safeParse(fhir);
  if (!parsed.success) {
    return {
      ok: false,
      reason: `not a PractitionerRole bundle: ${parsed.error.issues[0]?.message}`,
    };
  }
  const roles: PractitionerRoles = [];
  for (const { resource } of parsed.data.entry) {
    const identifier = resource.organization?.identifier;
    if (identifier?.system !== ODS_CODE_SYSTEM_R4 || !identifier.value) continue;
    const businessFunctions = resource.code.flatMap((concept) =>
      (concept.coding ?? []).flatMap((coding): BusinessFunction[] => {
        const known = BusinessFunctionSchema.safeParse(coding.code);
        return coding.system === BUSINESS_FUNCTION_SYSTEM && known.success ? [known.data] : [];
      }),
    );
    roles.push({ odsCode: identifier.value, businessFunctions });
  }
  return { ok: true, roles };
}

export const OnBehalfOfPractitionersSchema = z.object({
  practitioners: z.array(
    z.object({
      /** SDS user id: what NHSD-eRS-On-Behalf-Of-User-ID takes. */
      userId: z.string(),
      /** e-RS sends no name today; shown when it does. */
      name: z.string().nullable(),
    }),
  ),
});
export type OnBehalfOfPractitioners = z.infer<typeof OnBehalfOfPractitionersSchema>;

export type OnBehalfOfResult =
  { ok: true; onBehalfOf: OnBehalfOfPractitioners } | { ok: false; reason: string };

export function toOnBehalfOfPractitioners(fhir: unknown): OnBehalfOfResult {
  const parsed = PractitionerBundleSchema.safeParse(fhir);
  if (!parsed.success) {
    return { ok: false, reason: `not a Practitioner bundle: ${parsed.error.issues[0]?.message}` };
  }
  const practitioners = parsed.data.entry.flatMap(({ resource }) => {
    const identifiers = [resource.identifier ?? []].flat();
    const userId =
      identifiers.find((identifier) => identifier.system === SDS_USER_ID_SYSTEM_R4)?.value ??
      resource.id;
    if (!userId) return [];
    const name = resource.name?.[0];
    const text =
      name?.text ??
      ([...(name?.prefix ?? []), ...(name?.given ?? []), name?.family].filter(Boolean).join(' ') ||
        null);
    return [{ userId, name: text }];
  });
  return { ok: true, onBehalfOf: { practitioners } };
}
