/**
 * The CIS2 selected role, and what its national RBAC activity codes say about e-RS. They only
 * suggest: e-RS A030 is the source of the pairs the user may act in (ers/acting-context/), and
 * the activity codes pick the default among them.
 */
import { businessFunctionsForActivities, type OtherRole } from '@ers/shared/bff-contract';
import type { SelectedRole } from '../session/session';
import { parseRoles, type Cis2UserInfo } from './cis2-claims';

export type RoleResolution =
  | { ok: true; role: SelectedRole }
  | { ok: false; reason: 'no_roles' | 'role_not_selected' | 'malformed_role' };

/** `"Clinical":"Clinical Provision":"Nurse Access Role"` -> `Nurse Access Role`. */
export function roleDisplayName(roleName: string): string {
  const parts = roleName.split(':').map((part) => part.replace(/^"|"$/g, '').trim());
  return parts.at(-1) || roleName;
}

export function resolveSelectedRole(
  userinfo: Cis2UserInfo,
  selectedRoleId: string | undefined,
): RoleResolution {
  const { roles, malformed } = parseRoles(userinfo);
  if (roles.length === 0)
    return { ok: false, reason: malformed > 0 ? 'malformed_role' : 'no_roles' };

  // CIS2 omits selected_roleid for some authenticators; with exactly one role there is no choice.
  const role = selectedRoleId
    ? roles.find((candidate) => candidate.person_roleid === selectedRoleId)
    : roles.length === 1
      ? roles[0]
      : undefined;
  if (!role) return { ok: false, reason: selectedRoleId ? 'malformed_role' : 'role_not_selected' };

  // No e-RS activity code is no refusal: e-RS's own registration (A030) decides.
  const organisation = userinfo.nhsid_user_orgs.find((org) => org.org_code === role.org_code);
  return {
    ok: true,
    role: {
      id: role.person_roleid,
      name: roleDisplayName(role.role_name),
      code: role.role_code,
      organisation: { odsCode: role.org_code, name: organisation?.org_name ?? role.org_code },
      activityCodes: role.activity_codes,
    },
  };
}

export const NO_ERS_ACCESS_REASON = 'This role does not include access to the e-Referral Service';
export const SELECT_AT_SIGN_IN_REASON = 'Select this role when you sign in to use it';

/**
 * The user's roles other than the one signed in with, each with why it cannot be used here.
 * Malformed roles are counted, not listed: there is nothing reliable to show for them.
 */
export function otherRoles(
  userinfo: Cis2UserInfo,
  selectedRoleId: string,
): { roles: OtherRole[]; malformed: number } {
  const { roles, malformed } = parseRoles(userinfo);
  return {
    malformed,
    roles: roles
      .filter((role) => role.person_roleid !== selectedRoleId)
      .map((role) => {
        const usableForErs = businessFunctionsForActivities(role.activity_codes).length > 0;
        const organisation = userinfo.nhsid_user_orgs.find((org) => org.org_code === role.org_code);
        return {
          id: role.person_roleid,
          name: roleDisplayName(role.role_name),
          organisation: { odsCode: role.org_code, name: organisation?.org_name ?? role.org_code },
          usableForErs,
          reason: usableForErs ? SELECT_AT_SIGN_IN_REASON : NO_ERS_ACCESS_REASON,
        };
      }),
  };
}
