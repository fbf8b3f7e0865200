import { describe, expect, it } from 'vitest';
import { toPractitionerRoles } from './practitioner-role-bundle';

const BF = 'https://fhir.nhs.uk/CodeSystem/eRS-BusinessFunction-1';

describe('toPractitionerRoles (A030)', () => {
  it('lists known business functions per organisation, as in the spec example', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        {
          resource: {
            resourceType: 'PractitionerRole',
            organization: {
              identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'R69' },
            },
            code: [
              { coding: [{ system: BF, code: 'SERVICE_DEFINER' }] },
              { coding: [{ system: BF, code: 'SERVICE_PROVIDER_CLINICIAN' }] },
              { coding: [{ system: BF, code: 'SERVICE_PROVIDER_ADMIN' }] },
            ],
          },
        },
        {
          resource: {
            resourceType: 'PractitionerRole',
            organization: {
              identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'R68' },
            },
            code: [{ coding: [{ system: BF, code: 'REFERRING_CLINICIAN' }] }],
          },
        },
      ],
    };
    expect(toPractitionerRoles(bundle)).toEqual({
      ok: true,
      roles: [
        {
          odsCode: 'R69',
          businessFunctions: ['SERVICE_PROVIDER_CLINICIAN', 'SERVICE_PROVIDER_ADMIN'],
        },
        { odsCode: 'R68', businessFunctions: ['REFERRING_CLINICIAN'] },
      ],
    });
  });

  it('refuses a bundle of something else', () => {
    expect(
      toPractitionerRoles({
        resourceType: 'Bundle',
        entry: [{ resource: { resourceType: 'Patient' } }],
      }).ok,
    ).toBe(false);
  });
});
