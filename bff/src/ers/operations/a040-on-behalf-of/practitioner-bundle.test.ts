import { describe, expect, it } from 'vitest';
import { toOnBehalfOfPractitioners } from './practitioner-bundle';

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
