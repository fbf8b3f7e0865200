import { describe, expect, it } from 'vitest';
import { toOnBehalfOfPractitioners, toPractitionerRoles } from './practitioners';

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

describe('toOnBehalfOfPractitioners (A040)', () => {
  it('reads the SDS user ids (e-RS sends identifier as an object)', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        {
          fullUrl: 'Practitioner/111111111111',
          resource: {
            id: '111111111111',
            resourceType: 'Practitioner',
            identifier: { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '111111111111' },
          },
        },
        {
          resource: {
            resourceType: 'Practitioner',
            id: 'x',
            identifier: [{ system: 'https://fhir.nhs.uk/Id/sds-user-id', value: '222222222222' }],
            name: [{ prefix: ['Dr'], given: ['Priya'], family: 'Shah' }],
          },
        },
      ],
    };
    expect(toOnBehalfOfPractitioners(bundle)).toEqual({
      ok: true,
      onBehalfOf: {
        practitioners: [
          { userId: '111111111111', name: null },
          { userId: '222222222222', name: 'Dr Priya Shah' },
        ],
      },
    });
  });
});
