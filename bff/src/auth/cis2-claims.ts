/**
 * CIS2 claims as they arrive (ID token and userinfo) and the checks NHS relying parties make on
 * them. Assurance levels arrive as `"3"` or `3`: both are accepted.
 */
import { z } from 'zod';

const level = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);

/** Some CIS2 tokens spell it `idassurancelevel`, as integrators have reported; read either. */
function withIdAssuranceLevel(claims: unknown): unknown {
  if (typeof claims !== 'object' || claims === null) return claims;
  const record = claims as Record<string, unknown>;
  return record.id_assurance_level === undefined && record.idassurancelevel !== undefined
    ? { ...record, id_assurance_level: record.idassurancelevel }
    : claims;
}

const Cis2IdTokenClaimsObject = z
  .object({
    sub: z.string().min(1),
    sid: z.string().optional(),
    auth_time: z.number(),
    exp: z.number(),
    selected_roleid: z.string().optional(),
    id_assurance_level: level,
    authentication_assurance_level: level,
  })
  .loose();
export const Cis2IdTokenClaimsSchema = z.preprocess(withIdAssuranceLevel, Cis2IdTokenClaimsObject);
export type Cis2IdTokenClaims = z.infer<typeof Cis2IdTokenClaimsObject>;

const NrbacRoleSchema = z
  .object({
    person_roleid: z.string().min(1),
    org_code: z.string().min(1),
    role_name: z.string().min(1),
    role_code: z.string().min(1),
    activity_codes: z.array(z.string()).default([]),
  })
  .loose();
export type NrbacRole = z.infer<typeof NrbacRoleSchema>;

export const Cis2UserInfoSchema = z
  .object({
    sub: z.string(),
    name: z.string().optional(),
    given_name: z.string().optional(),
    family_name: z.string().optional(),
    /** Parsed one by one below: a malformed role must not hide the well-formed ones. */
    nhsid_nrbac_roles: z.array(z.unknown()).default([]),
    nhsid_user_orgs: z
      .array(z.object({ org_code: z.string(), org_name: z.string() }).loose())
      .default([]),
  })
  .loose();
export type Cis2UserInfo = z.infer<typeof Cis2UserInfoSchema>;

export function parseRoles(userinfo: Cis2UserInfo): { roles: NrbacRole[]; malformed: number } {
  const roles: NrbacRole[] = [];
  let malformed = 0;
  for (const candidate of userinfo.nhsid_nrbac_roles) {
    const parsed = NrbacRoleSchema.safeParse(candidate);
    if (parsed.success) roles.push(parsed.data);
    else malformed += 1;
  }
  return { roles, malformed };
}

/** e-RS accepts identity assurance 3 only, and authentication assurance 2 or 3. */
export const MIN_ID_ASSURANCE_LEVEL = 3;
export const MIN_AUTHENTICATION_ASSURANCE_LEVEL = 2;
