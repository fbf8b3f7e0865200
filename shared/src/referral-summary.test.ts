import { describe, expect, it } from 'vitest';
import { formatNhsNumber, toReferralSummary } from './referral-summary';

const referral = {
  resourceType: 'ReferralRequest',
  id: '000000070000',
  meta: { versionId: '5' },
  extension: [
    {
      url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-eRS-ReferralPriority-1',
      valueCodeableConcept: { coding: [{ code: 'TWO_WEEK_WAIT', display: 'Two Week Wait' }] },
    },
    {
      url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-eRS-ReferralState-1',
      extension: [{ url: 'state', valueCoding: { code: 'BOOKED', display: 'Booked' } }],
    },
    {
      url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-eRS-ReferralShortlist-1',
      valueReference: { reference: '#shortlist' },
    },
  ],
  contained: [
    {
      resourceType: 'Parameters',
      id: 'serviceSearchCriteria',
      parameter: [{ name: 'specialty', valueCoding: { code: 'ADULT_MENTAL_ILLNESS' } }],
    },
    {
      resourceType: 'List',
      id: 'shortlist',
      entry: [{ item: { identifier: { value: '11002' }, display: 'Good Service' } }],
    },
  ],
  subject: { identifier: { system: 'http://fhir.nhs.net/Id/nhs-number', value: '9912003888' } },
};

describe('toReferralSummary', () => {
  it('reads state, priority (our label), specialty, services and version', () => {
    expect(toReferralSummary(referral)).toEqual({
      ok: true,
      summary: {
        ubrn: '000000070000',
        version: '5',
        nhsNumber: '9912003888',
        status: { code: 'BOOKED', label: 'Booked' },
        priority: { code: 'TWO_WEEK_WAIT', label: '2 week wait' },
        specialty: { code: 'ADULT_MENTAL_ILLNESS', label: 'Adult mental illness' },
        services: [{ id: '11002', name: 'Good Service' }],
        clinicalInfoFirstSubmitted: null,
      },
    });
  });

  it.each([
    ['garbage', 'not json at all'],
    ['another resource', { resourceType: 'Patient', id: 'x' }],
    ['no subject', { ...referral, subject: undefined }],
    ['no state', { ...referral, extension: [] }],
  ])('refuses %s', (_name, body) => {
    expect(toReferralSummary(body).ok).toBe(false);
  });
});

describe('formatNhsNumber', () => {
  it('groups 3-3-4', () => {
    expect(formatNhsNumber('9912003888')).toBe('991 200 3888');
  });
});
