import { describe, expect, it } from 'vitest';
import { Cis2UserInfoSchema } from './cis2-claims';
import {
  NO_ERS_ACCESS_REASON,
  SELECT_AT_SIGN_IN_REASON,
  otherRoles,
  resolveSelectedRole,
  roleDisplayName,
} from './roles';

const role = (id: string, org: string, activities: string[]) => ({
  person_roleid: id,
  org_code: org,
  role_name: '"Clinical":"Clinical Provision":"Nurse Access Role"',
  role_code: 'S8000:G8000:R8001',
  activity_codes: activities,
});
const userinfo = (roles: unknown[]) =>
  Cis2UserInfoSchema.parse({
    sub: '555',
    nhsid_nrbac_roles: roles,
    nhsid_user_orgs: [{ org_code: 'RCD', org_name: 'HARROGATE' }],
  });

describe('resolveSelectedRole', () => {
  it('uses the role CIS2 says was selected, with its organisation and activity codes', () => {
    const result = resolveSelectedRole(
      userinfo([role('1', 'X09', ['B1101']), role('2', 'RCD', ['B1110'])]),
      '2',
    );
    expect(result).toMatchObject({
      ok: true,
      role: {
        id: '2',
        name: 'Nurse Access Role',
        organisation: { odsCode: 'RCD', name: 'HARROGATE' },
        activityCodes: ['B1110'],
      },
    });
  });

  it('takes the only role when CIS2 sent no selected_roleid', () => {
    expect(resolveSelectedRole(userinfo([role('1', 'RCD', ['B1101'])]), undefined)).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ['no roles', [], undefined, 'no_roles'],
    [
      'several roles, none selected',
      [role('1', 'RCD', ['B1101']), role('2', 'RCD', ['B1110'])],
      undefined,
      'role_not_selected',
    ],
    [
      'a selected id that is not one of the roles',
      [role('1', 'RCD', ['B1101'])],
      '9',
      'malformed_role',
    ],
    ['only malformed roles', [{ person_roleid: '' }], undefined, 'malformed_role'],
  ])('refuses %s', (_name, roles, selected, reason) => {
    expect(resolveSelectedRole(userinfo(roles), selected)).toEqual({ ok: false, reason });
  });

  it('accepts a role with no e-RS activity code: e-RS A030 decides, not CIS2', () => {
    expect(resolveSelectedRole(userinfo([role('1', 'RCD', ['B0264'])]), '1')).toMatchObject({
      ok: true,
      role: { id: '1', activityCodes: ['B0264'] },
    });
  });
});

describe('otherRoles', () => {
  it('lists every role but the selected one, with its organisation and why it cannot be used', () => {
    const result = otherRoles(
      userinfo([
        role('1', 'RCD', ['B1110']),
        role('2', 'RCD', ['B1101']),
        role('3', 'X09', ['B0264']),
        { person_roleid: '4' },
      ]),
      '1',
    );
    expect(result).toEqual({
      malformed: 1,
      roles: [
        {
          id: '2',
          name: 'Nurse Access Role',
          organisation: { odsCode: 'RCD', name: 'HARROGATE' },
          usableForErs: true,
          reason: SELECT_AT_SIGN_IN_REASON,
        },
        {
          id: '3',
          name: 'Nurse Access Role',
          // No nhsid_user_orgs entry for X09: the code stands in for the name.
          organisation: { odsCode: 'X09', name: 'X09' },
          usableForErs: false,
          reason: NO_ERS_ACCESS_REASON,
        },
      ],
    });
  });

  it('is empty when the selected role is the only one', () => {
    expect(otherRoles(userinfo([role('1', 'RCD', ['B1101'])]), '1')).toEqual({
      roles: [],
      malformed: 0,
    });
  });
});

describe('roleDisplayName', () => {
  it('strips CIS2 role categories and quotes', () => {
    expect(roleDisplayName('"Support":"Support":"Admin/Clinical Support Access Role"')).toBe(
      'Admin/Clinical Support Access Role',
    );
    expect(roleDisplayName('Plain')).toBe('Plain');
  });
});
