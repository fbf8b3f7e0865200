import { describe, expect, it } from 'vitest';
import { ReferralSummarySchema, formatNhsNumber, toReferralSummary } from './referral-summary';

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

// Shaped like the e-RS spec's A005 examples (deferred-to-provider, with-unavailable-attachments).
const SD = 'https://fhir.nhs.uk/STU3/StructureDefinition/';
const attachment = (id: string, binary: string, status: string, title: string, type: string) => ({
  resourceType: 'DocumentReference',
  id: `DocumentReference-${id}`,
  indexed: '2021-06-11T12:09:09.459Z',
  description: 'referral letter',
  content: [
    {
      attachment: {
        id,
        extension: [
          {
            url: `${SD}Extension-eRS-AvailabilityStatus-1`,
            valueCoding: {
              system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-AvailabilityStatus-1',
              code: status,
            },
          },
          {
            url: `${SD}Extension-eRS-AttachedByOrganisation-1`,
            valueReference: {
              identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'R69' },
            },
          },
        ],
        contentType: type,
        url: `Binary/${binary}`,
        size: 6,
        title,
        creation: '2021-06-11',
      },
    },
  ],
});

const detailed = {
  ...referral,
  extension: [
    { url: `${SD}Extension-eRS-Appointment-1`, valueReference: { reference: '#appointment' } },
    { url: `${SD}Extension-eRS-eReferralPathwayStart-1`, valueInstant: '2024-05-08T09:54:23.167Z' },
    {
      url: `${SD}Extension-eRS-ClinicalInfoLastUpdated-1`,
      valueDateTime: '2021-06-12T08:00:00.000Z',
    },
    {
      url: `${SD}Extension-eRS-ReferralState-1`,
      extension: [
        {
          url: 'state',
          valueCoding: { code: 'DEFERRED_TO_PROVIDER', display: 'Deferred To Provider' },
        },
        { url: 'reason', valueCoding: { code: 'NO_SLOTS_AT_SERVICE' } },
        { url: 'comments', valueString: 'No clinics until May' },
      ],
    },
  ],
  contained: [
    {
      resourceType: 'Appointment',
      id: 'appointment',
      status: 'booked',
      start: '2021-06-13T12:30:00.000Z',
      end: '2021-06-13T12:45:00.000Z',
      participant: [
        {
          actor: {
            identifier: { system: 'http://fhir.nhs.net/Id/ers-service', value: '11002' },
            display: 'Good Cardiology Business Service',
          },
          status: 'accepted',
        },
        {
          actor: {
            identifier: { system: 'http://fhir.nhs.net/Id/nhs-number', value: '9912003888' },
          },
        },
        {
          type: {
            coding: [
              { system: 'http://hl7.org/fhir/ValueSet/encounter-participant-type', code: 'CON' },
            ],
          },
          actor: {
            identifier: { system: 'http://fhir.nhs.net/Id/sds-user-id', value: '021600556514' },
          },
          status: 'accepted',
        },
      ],
    },
    attachment(
      '80000',
      '19eb7224-dff3-4730-a5cb-67eac811f1a5',
      'AVAILABLE',
      'letter.pdf',
      'application/pdf',
    ),
    attachment('80001', 'adda8c72-4a91-4dc7-a918-b6d12fb28085', 'PENDING', 'scan.png', 'image/png'),
    attachment(
      '80002',
      '9e554611-3378-425c-9cab-700b697e52d3',
      'THREATS FOUND',
      'x.doc',
      'application/msword',
    ),
    attachment(
      '80003',
      '00000000-0000-0000-0000-000000000003',
      'VALIDATION_FAILED',
      'y.doc',
      'application/msword',
    ),
    // An id we could never route to is left out rather than offered as a broken link.
    attachment('80004', '../../etc/passwd', 'AVAILABLE', 'evil.pdf', 'application/pdf'),
  ],
  supportingInfo: [
    { reference: '#DocumentReference-80000' },
    { reference: 'ReferralRequest/000000070004' },
    { reference: 'CommunicationRequest/000000070009' },
  ],
};

describe('toReferralSummary, the fields added for the gateway', () => {
  const result = toReferralSummary(detailed);
  const summary = result.ok ? result.summary : undefined;

  it('reads state reason and comments, pathway start, clinical info last updated', () => {
    expect(summary).toMatchObject({
      status: { code: 'DEFERRED_TO_PROVIDER', label: 'Deferred to provider' },
      statusReason: { code: 'NO_SLOTS_AT_SERVICE', label: 'No slots at service' },
      statusComments: 'No clinics until May',
      pathwayStart: '2024-05-08T09:54:23.167Z',
      clinicalInfoLastUpdated: '2021-06-12T08:00:00.000Z',
    });
  });

  it('reads the appointment: its service and allocated clinician, without the patient participant', () => {
    expect(summary?.appointment).toEqual({
      status: 'booked',
      start: '2021-06-13T12:30:00.000Z',
      end: '2021-06-13T12:45:00.000Z',
      service: { id: '11002', name: 'Good Cardiology Business Service' },
      allocatedClinician: { sdsUserId: '021600556514' },
    });
  });

  it('lists attachments by their Binary id, with a plain-words reason when not available', () => {
    expect(summary?.attachments).toEqual([
      {
        id: '19eb7224-dff3-4730-a5cb-67eac811f1a5',
        title: 'letter.pdf',
        contentType: 'application/pdf',
        size: 6,
        attachedAt: '2021-06-11T12:09:09.459Z',
        attachedByOdsCode: 'R69',
        availability: { code: 'AVAILABLE', label: 'Available', reason: null },
      },
      expect.objectContaining({
        id: 'adda8c72-4a91-4dc7-a918-b6d12fb28085',
        availability: {
          code: 'PENDING',
          label: 'Being checked',
          reason: expect.stringMatching(/5 minutes/),
        },
      }),
      expect.objectContaining({
        availability: expect.objectContaining({
          code: 'THREATS_FOUND',
          reason: expect.stringMatching(/Contact the organisation/),
        }),
      }),
      expect.objectContaining({
        availability: expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      }),
    ]);
  });

  it('lists related referrals and the advice and guidance request', () => {
    expect(summary?.relatedRequests).toEqual([
      { ubrn: '000000070004', kind: 'referral' },
      { ubrn: '000000070009', kind: 'advice_and_guidance' },
    ]);
  });

  it('validates with the schema the SPA uses, and leaves absent fields out', () => {
    expect(ReferralSummarySchema.parse(summary)).toEqual(summary);
    const plain = toReferralSummary(referral);
    expect(plain.ok && Object.keys(plain.summary)).not.toContain('attachments');
  });

  it('falls back to the top-level specialty when the search criteria have none', () => {
    const fallback = toReferralSummary({
      ...referral,
      contained: [],
      specialty: { coding: [{ code: 'CARDIOLOGY', display: 'Cardiology' }] },
    });
    expect(fallback.ok && fallback.summary.specialty).toEqual({
      code: 'CARDIOLOGY',
      label: 'Cardiology',
    });
  });
});

describe('toReferralSummary, the fields of the A005 examples', () => {
  const SD = 'https://fhir.nhs.uk/STU3/StructureDefinition/';
  const requirement = (code: string, display: string) => ({
    url: `${SD}Extension-eRS-PatientAdditionalRequirement-1`,
    valueCoding: {
      system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-AdditionalRequirementType-1',
      code,
      display,
    },
  });

  it("reads the patient's additional requirements (example with-additional-requirements)", () => {
    const result = toReferralSummary({
      ...referral,
      extension: [
        ...referral.extension,
        requirement('ADVOCACY', 'Advocacy'),
        requirement('INTERPRETER', 'Interpreter'),
        requirement('TRANSPORT', 'Transport'),
      ],
    });
    expect(result.ok && result.summary.additionalRequirements).toEqual([
      { code: 'ADVOCACY', label: 'Advocacy' },
      { code: 'INTERPRETER', label: 'Interpreter' },
      { code: 'TRANSPORT', label: 'Transport' },
    ]);
    const plain = toReferralSummary(referral);
    expect(plain.ok && Object.keys(plain.summary)).not.toContain('additionalRequirements');
  });

  it("reads an appointment's reason and comment (example deferred-to-provider)", () => {
    const result = toReferralSummary({
      ...referral,
      extension: [
        ...referral.extension,
        { url: `${SD}Extension-eRS-Appointment-1`, valueReference: { reference: '#appointment' } },
      ],
      contained: [
        ...referral.contained,
        {
          resourceType: 'Appointment',
          id: 'appointment',
          status: 'proposed',
          reason: [
            {
              coding: [
                {
                  system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-ReviewReason-1',
                  code: 'NO_SLOTS_AT_SERVICE',
                },
              ],
            },
          ],
          comment: 'Yes!',
          participant: [],
        },
      ],
    });
    expect(result.ok && result.summary.appointment).toEqual({
      status: 'proposed',
      start: null,
      end: null,
      service: null,
      reason: { code: 'NO_SLOTS_AT_SERVICE', label: 'No slots at service' },
      comment: 'Yes!',
    });
    expect(result.ok && ReferralSummarySchema.parse(result.summary)).toBeTruthy();
  });

  it('reads the clinic type the referrer searched under', () => {
    const result = toReferralSummary({
      ...referral,
      contained: [
        {
          resourceType: 'Parameters',
          id: 'serviceSearchCriteria',
          parameter: [
            { name: 'specialty', valueCoding: { code: 'CARDIOLOGY' } },
            { name: 'clinicType', valueCoding: { code: 'HEART_FAILURE' } },
          ],
        },
      ],
    });
    expect(result.ok && result.summary.clinicType).toEqual({
      code: 'HEART_FAILURE',
      label: 'Heart failure',
    });
  });
});
