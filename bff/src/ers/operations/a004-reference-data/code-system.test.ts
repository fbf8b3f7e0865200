import { describe, expect, it } from 'vitest';
import { ReferenceDataSchema } from '@ers/shared/reference-data';
import { toReferenceData } from './code-system';

// Shaped like the e-RS spec's A004 PRIORITY example.
const priority = {
  id: 'PRIORITY',
  resourceType: 'CodeSystem',
  version: '1',
  status: 'active',
  content: 'complete',
  concept: [
    {
      code: 'ROUTINE',
      display: 'Routine',
      property: [
        { code: 'effectiveFrom', valueDateTime: '2004-06-01T00:00:00.000Z' },
        { code: 'deferToProviderContactDays', valueInteger: 40 },
        { code: 'triageContactDays', valueInteger: 40 },
      ],
    },
    {
      code: 'OLD',
      property: [
        { code: 'effectiveFrom', valueDateTime: '2004-06-01T00:00:00.000Z' },
        { code: 'effectiveTo', valueDateTime: '2008-05-09T00:00:00.000Z' },
      ],
    },
  ],
};

describe('toReferenceData', () => {
  it('reads concepts, effective dates and other properties', () => {
    const result = toReferenceData('PRIORITY', priority);
    expect(result).toEqual({
      ok: true,
      referenceData: {
        codeSystem: 'PRIORITY',
        version: '1',
        concepts: [
          {
            code: 'ROUTINE',
            display: 'Routine',
            effectiveFrom: '2004-06-01T00:00:00.000Z',
            effectiveTo: null,
            properties: { deferToProviderContactDays: 40, triageContactDays: 40 },
            codedProperties: {},
          },
          {
            code: 'OLD',
            display: 'OLD',
            effectiveFrom: '2004-06-01T00:00:00.000Z',
            effectiveTo: '2008-05-09T00:00:00.000Z',
            properties: {},
            codedProperties: {},
          },
        ],
      },
    });
    expect(result.ok && ReferenceDataSchema.parse(result.referenceData)).toBeTruthy();
  });

  it('keeps coded properties by their code, every one of a repeated property (CLINIC-TYPE, cancellation reasons)', () => {
    const coding = (system: string, code: string) => ({ system, code });
    const BF = 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-BusinessFunction-1';
    const result = toReferenceData('REFERRAL-CANCELLATION-REASON', {
      resourceType: 'CodeSystem',
      concept: [
        {
          code: 'BOOKED_OUTSIDE_CAB',
          display: 'Patient booked outside NHS e-Referral Service',
          property: [
            { code: 'effectiveFrom', valueDateTime: '2007-09-14T00:00:00.000Z' },
            { code: 'canCancelAppointment', valueBoolean: true },
            { code: 'businessFunction', valueCoding: coding(BF, 'SERVICE_PROVIDER_CLINICIAN') },
            {
              code: 'businessFunction',
              valueCoding: coding(BF, 'SERVICE_PROVIDER_CLINICIAN_ADMIN'),
            },
            {
              code: 'referrerUsage',
              valueCoding: coding(
                'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReferralRequestCancellationReasonUsage-1',
                'CANCEL_REFERRAL',
              ),
            },
          ],
        },
        {
          code: 'ALLERGY_1',
          property: [
            {
              code: 'specialty',
              valueCoding: coding('_baseUrl_/STU3/CodeSystem/SPECIALTY', 'ALLERGY'),
            },
          ],
        },
      ],
    });
    expect(result.ok && result.referenceData.concepts).toMatchObject([
      {
        properties: { canCancelAppointment: true },
        codedProperties: {
          businessFunction: ['SERVICE_PROVIDER_CLINICIAN', 'SERVICE_PROVIDER_CLINICIAN_ADMIN'],
          referrerUsage: ['CANCEL_REFERRAL'],
        },
      },
      { properties: {}, codedProperties: { specialty: ['ALLERGY'] } },
    ]);
    expect(result.ok && ReferenceDataSchema.parse(result.referenceData)).toBeTruthy();
  });

  it('refuses anything but a CodeSystem', () => {
    expect(toReferenceData('SPECIALTY', { resourceType: 'OperationOutcome' }).ok).toBe(false);
    expect(toReferenceData('SPECIALTY', { resourceType: 'CodeSystem', concept: [{}] }).ok).toBe(
      false,
    );
  });
});
