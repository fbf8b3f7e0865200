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
          },
          {
            code: 'OLD',
            display: 'OLD',
            effectiveFrom: '2004-06-01T00:00:00.000Z',
            effectiveTo: '2008-05-09T00:00:00.000Z',
            properties: {},
          },
        ],
      },
    });
    expect(result.ok && ReferenceDataSchema.parse(result.referenceData)).toBeTruthy();
  });

  it('refuses anything but a CodeSystem', () => {
    expect(toReferenceData('SPECIALTY', { resourceType: 'OperationOutcome' }).ok).toBe(false);
    expect(toReferenceData('SPECIALTY', { resourceType: 'CodeSystem', concept: [{}] }).ok).toBe(
      false,
    );
  });
});
