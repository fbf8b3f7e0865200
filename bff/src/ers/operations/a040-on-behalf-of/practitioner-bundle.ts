/**
 * A040's answer, an e-RS R4 `Bundle` of Practitioner: the clinicians a
 * SERVICE_PROVIDER_CLINICIAN_ADMIN may act on behalf of. e-RS sends `identifier` as one object,
 * not the array FHIR defines, so both are accepted.
 */
import { z } from 'zod';
import type * as fhir4 from 'fhir/r4';
import {
  IdentifierSchema,
  SDS_USER_ID_SYSTEM_R4,
  type Check,
  type Conforms,
} from '@ers/shared/ers-fhir';
import type { OnBehalfOfPractitioners } from '@ers/shared/practitioners';

export const PractitionerBundleSchema = z
  .object({
    resourceType: z.literal('Bundle'),
    entry: z
      .array(
        z.object({
          resource: z
            .object({
              resourceType: z.literal('Practitioner'),
              id: z.string().optional(),
              identifier: z.union([IdentifierSchema, z.array(IdentifierSchema)]).optional(),
              name: z
                .array(
                  z.object({
                    text: z.string().optional(),
                    family: z.string().optional(),
                    given: z.array(z.string()).optional(),
                    prefix: z.array(z.string()).optional(),
                  }),
                )
                .optional(),
            })
            .loose(),
        }),
      )
      .default([]),
  })
  .loose();

type Resource = z.infer<typeof PractitionerBundleSchema>['entry'][number]['resource'];
// Fails to compile if the schema reads a name field FHIR R4 does not have.
export type PractitionerConformance = [
  Check<Conforms<NonNullable<Resource['name']>[number], fhir4.HumanName>>,
];

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
