/**
 * A030's answer, an e-RS R4 `Bundle` of PractitionerRole: one entry per organisation where the
 * user works, its codes the e-RS business functions they hold there.
 */
import { z } from 'zod';
import { BusinessFunctionSchema, type BusinessFunction } from '@ers/shared/bff-contract';
import {
  BUSINESS_FUNCTION_SYSTEM,
  CodeableConceptSchema,
  IdentifierSchema,
  ODS_CODE_SYSTEM_R4,
} from '@ers/shared/ers-fhir';
import type { PractitionerRoles } from '@ers/shared/practitioners';

export const PractitionerRoleBundleSchema = z
  .object({
    resourceType: z.literal('Bundle'),
    entry: z
      .array(
        z.object({
          resource: z
            .object({
              resourceType: z.literal('PractitionerRole'),
              organization: z.object({ identifier: IdentifierSchema.optional() }).optional(),
              code: z.array(CodeableConceptSchema).default([]),
            })
            .loose(),
        }),
      )
      .default([]),
  })
  .loose();

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
