/**
 * View models of the two e-RS R4 practitioner lookups: A030 (the organisations and business
 * functions the signed-in user may act in) and A040 (the clinicians a
 * SERVICE_PROVIDER_CLINICIAN_ADMIN may act on behalf of). The BFF builds them from e-RS's R4
 * bundles (bff/src/ers/operations/a030-practitioner-roles, a040-on-behalf-of).
 */
import { z } from 'zod';
import { BusinessFunctionSchema } from './bff-contract';

export const PractitionerRolesSchema = z.array(
  z.object({
    odsCode: z.string(),
    /** Only the business functions this client knows; e-RS lists others (e.g. SERVICE_DEFINER). */
    businessFunctions: z.array(BusinessFunctionSchema),
  }),
);
export type PractitionerRoles = z.infer<typeof PractitionerRolesSchema>;

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
