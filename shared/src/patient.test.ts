import { describe, expect, it } from 'vitest';
import { PatientBannerSchema, ageOn, bannerName, toPatientBanner } from './patient';

const TODAY = '2026-12-02';

/** A PDS Patient in the shape of PDS's sandbox example 9000000009, with current periods. */
function pdsPatient(security: string, overrides: Record<string, unknown> = {}) {
  return {
    resourceType: 'Patient',
    id: '9000000009',
    identifier: [
      {
        system: 'https://fhir.nhs.uk/Id/nhs-number',
        value: '9000000009',
        extension: [
          {
            url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
            valueCodeableConcept: {
              coding: [{ code: '01', display: 'Number present and verified' }],
            },
          },
        ],
      },
    ],
    meta: { versionId: '2', security: [{ code: security }] },
    name: [
      { use: 'nickname', given: ['Janie'], family: 'Smith' },
      {
        use: 'usual',
        period: { start: '2024-01-01' },
        given: ['Jane', 'Anne'],
        family: 'Smith',
        prefix: ['Mrs'],
      },
    ],
    gender: 'female',
    birthDate: '2010-10-22',
    address: [
      { use: 'temp', line: ['Somewhere else'], postalCode: 'LS2 1AA' },
      { use: 'home', line: ['1 Trevelyan Square', '', 'Leeds'], postalCode: 'LS1 6AE' },
    ],
    telecom: [{ system: 'phone', value: '01632960587' }],
    generalPractitioner: [
      { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'Y12345' } },
    ],
    ...overrides,
  };
}

describe('toPatientBanner', () => {
  it('keeps what the banner shows of an unrestricted record', () => {
    const result = toPatientBanner(pdsPatient('U'), '9000000009', TODAY);
    expect(result).toEqual({
      ok: true,
      patient: {
        restriction: 'none',
        nhsNumber: '9000000009',
        supersededNhsNumber: null,
        nhsNumberVerification: { code: '01', display: 'Number present and verified' },
        name: { prefix: ['Mrs'], given: ['Jane', 'Anne'], family: 'Smith', suffix: [] },
        birthDate: '2010-10-22',
        gender: 'female',
        homeAddress: { lines: ['1 Trevelyan Square', 'Leeds'], postalCode: 'LS1 6AE' },
        gpPracticeOdsCode: 'Y12345',
        deceased: null,
      },
    });
  });

  it('keeps only name, date of birth and NHS number of a restricted (R) record, even if PDS sent more', () => {
    const result = toPatientBanner(pdsPatient('R'), '9000000009', TODAY);
    expect(result.ok && result.patient).toEqual({
      restriction: 'restricted',
      nhsNumber: '9000000009',
      supersededNhsNumber: null,
      nhsNumberVerification: { code: '01', display: 'Number present and verified' },
      name: { prefix: ['Mrs'], given: ['Jane', 'Anne'], family: 'Smith', suffix: [] },
      birthDate: '2010-10-22',
    });
    expect(JSON.stringify(result)).not.toMatch(/LS1|Trevelyan|Y12345|01632/);
  });

  it.each(['V', 'X', undefined])(
    'keeps only the NHS number of a very restricted or unknown (%s) record',
    (code) => {
      const result = toPatientBanner(
        pdsPatient('V', code === undefined ? { meta: {} } : { meta: { security: [{ code }] } }),
        '9000000009',
        TODAY,
      );
      expect(result.ok && result.patient).toEqual({
        restriction: 'very_restricted',
        nhsNumber: '9000000009',
        supersededNhsNumber: null,
      });
    },
  );

  it('names the referral’s number as superseded when PDS answers with another', () => {
    const result = toPatientBanner(pdsPatient('U'), '5900053636', TODAY);
    expect(result.ok && result.patient.nhsNumber).toBe('9000000009');
    expect(result.ok && result.patient.supersededNhsNumber).toBe('5900053636');
  });

  it('keeps partial dates as given, and shows ended addresses and practices as none', () => {
    const result = toPatientBanner(
      pdsPatient('U', {
        birthDate: '1950-06',
        address: [
          { use: 'home', period: { start: '2000-01-01', end: '2025-12-31' }, line: ['Old'] },
        ],
        generalPractitioner: [
          {
            identifier: {
              system: 'https://fhir.nhs.uk/Id/ods-organization-code',
              value: 'Y12345',
              period: { start: '2024-01-01', end: '2025-12-31' },
            },
          },
        ],
        deceasedDateTime: '2026-01-05T10:00:00+00:00',
      }),
      '9000000009',
      TODAY,
    );
    expect(result.ok && result.patient).toMatchObject({
      birthDate: '1950-06',
      homeAddress: null,
      gpPracticeOdsCode: null,
      deceased: { date: '2026-01-05', notification: null },
    });
  });

  it('refuses what is not a Patient, or one whose identifier is another number', () => {
    expect(toPatientBanner({ resourceType: 'Bundle' }, '9000000009', TODAY).ok).toBe(false);
    const mismatched = pdsPatient('U');
    mismatched.identifier[0]!.value = '9000000017';
    expect(toPatientBanner(mismatched, '9000000009', TODAY).ok).toBe(false);
  });

  it('the SPA refuses a restricted banner that carries an address', () => {
    const parsed = PatientBannerSchema.safeParse({
      restriction: 'restricted',
      nhsNumber: '9000000009',
      supersededNhsNumber: null,
      nhsNumberVerification: null,
      name: null,
      birthDate: null,
      homeAddress: { lines: ['1 Trevelyan Square'], postalCode: 'LS1 6AE' },
    });
    expect(parsed.success).toBe(false);
  });
});

describe('ageOn and bannerName', () => {
  it('counts whole years from a full date of birth only', () => {
    expect(ageOn('2010-10-22', '2026-10-21')).toBe(15);
    expect(ageOn('2010-10-22', '2026-10-22')).toBe(16);
    expect(ageOn('2010-10', '2026-12-02')).toBeNull();
  });

  it('puts the family name first, in capitals', () => {
    expect(
      bannerName({ prefix: ['Mrs'], given: ['Jane', 'Anne'], family: 'Smith', suffix: [] }),
    ).toBe('SMITH, Jane Anne (Mrs)');
  });
});
