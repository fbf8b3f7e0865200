import { describe, expect, it } from 'vitest';
import { WorklistSchema } from '@ers/shared/worklist';
import { toWorklist } from './worklist-list';

const SD = 'https://fhir.nhs.uk/STU3/StructureDefinition/';
const concept = (code: string, display?: string) => ({
  valueCodeableConcept: { coding: [{ code, ...(display ? { display } : {}) }] },
});

// Shaped like the e-RS spec's A008 examples.
const referralsForReview = {
  resourceType: 'List',
  meta: { profile: [`${SD}eRS-FetchWorklist-List-1`] },
  status: 'current',
  mode: 'snapshot',
  contained: [
    {
      resourceType: 'Practitioner',
      id: 'Practitioner-021600556514',
      identifier: [{ system: 'http://fhir.nhs.net/Id/sds-user-id', value: '021600556514' }],
    },
    {
      resourceType: 'Patient',
      id: 'Patient-9462979626',
      identifier: [{ system: 'http://fhir.nhs.net/Id/nhs-number', value: '9462979626' }],
    },
  ],
  entry: [
    {
      extension: [
        {
          url: `${SD}Extension-eRS-ReferralsforReview-WorkListItem-1`,
          extension: [
            { url: 'priority', ...concept('TWO_WEEK_WAIT') },
            { url: 'specialty', ...concept('CARDIOLOGY') },
            { url: 'patient', valueReference: { reference: '#Patient-9462979626' } },
            {
              url: 'allocatedClinician',
              valueReference: { reference: '#Practitioner-021600556514' },
            },
            { url: 'eReferralPathwayStart', valueDateTime: '2021-09-03T14:09:15.297Z' },
            { url: 'clinicalInfoPrinted', valueBoolean: false },
            { url: 'requestContextStatus', ...concept('NEVER_REVIEWED', 'Never Reviewed') },
            { url: 'clinicalInfoFirstSubmitted', valueDateTime: '2021-09-03T14:09:15.297Z' },
            { url: 'appointmentStart', valueDateTime: '2021-09-05T15:09:03.971Z' },
            { url: 'referralType', ...concept('TRIAGE_DEFERRAL') },
            {
              url: 'service',
              valueReference: {
                identifier: { system: 'http://fhir.nhs.net/Id/ers-service', value: '11012' },
                display: 'Excellent Cardiology Business Service 12',
              },
            },
            { url: 'referralRequestVersion', valueInteger: 7 },
          ],
        },
      ],
      item: { reference: 'ReferralRequest/000000070002' },
    },
  ],
};

const awaitingBooking = {
  resourceType: 'List',
  status: 'current',
  mode: 'snapshot',
  entry: [
    {
      extension: [
        {
          url: `${SD}Extension-eRS-AwaitingBooking-WorkListItem-1`,
          extension: [
            {
              url: 'patient',
              valueReference: {
                identifier: { system: 'http://fhir.nhs.net/Id/nhs-number', value: '9462979626' },
              },
            },
            { url: 'priority', ...concept('ROUTINE') },
            { url: 'referralCreated', valueDateTime: '2021-09-03T14:19:04.702Z' },
            { url: 'clinicalContext', valueString: 'ORTHAPEDICS/KNEE' },
            {
              url: 'referrer',
              valueReference: {
                identifier: { system: 'http://fhir.nhs.net/Id/sds-user-id', value: '021600556514' },
              },
            },
            { url: 'status', ...concept('APP_CANCELLED_BY_PATIENT') },
            { url: 'reason', ...concept('PATIENT_HOLIDAY', 'Patient on holiday') },
          ],
        },
      ],
      item: { reference: 'ReferralRequest/000000070001' },
    },
    {
      extension: [
        {
          url: `${SD}Extension-eRS-AwaitingBooking-WorkListItem-1`,
          extension: [
            { url: 'priority', ...concept('ROUTINE') },
            { url: 'status', ...concept('NOT_BOOKED', 'Not booked') },
          ],
        },
      ],
      item: { reference: 'ReferralRequest/000000070003' },
    },
  ],
};

describe('toWorklist', () => {
  it('reads a provider list: priority, UBRN, NHS number and allocated clinician from contained resources, review status', () => {
    const result = toWorklist('REFERRALS_FOR_REVIEW', referralsForReview);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(WorklistSchema.parse(result.worklist)).toEqual(result.worklist);
    expect(result.worklist.items[0]).toMatchObject({
      ubrn: '000000070002',
      nhsNumber: '9462979626',
      priority: { code: 'TWO_WEEK_WAIT', label: '2 week wait' },
      specialty: { code: 'CARDIOLOGY', label: 'Cardiology' },
      service: { id: '11012', name: 'Excellent Cardiology Business Service 12' },
      reviewStatus: { code: 'NEVER_REVIEWED', label: 'Never reviewed' },
      referralType: { code: 'TRIAGE_DEFERRAL' },
      version: '7',
      status: null,
      allocatedClinician: { sdsUserId: '021600556514' },
      clinicalInfoPrinted: false,
      referrer: null,
      dates: {
        pathwayStart: '2021-09-03T14:09:15.297Z',
        appointmentStart: '2021-09-05T15:09:03.971Z',
        letterDue: null,
      },
    });
    expect(result.worklist.counts).toEqual({
      total: 1,
      byPriority: { TWO_WEEK_WAIT: 1 },
      byReviewStatus: { NEVER_REVIEWED: 1 },
    });
  });

  it('reads a referrer list: state in the A005 spelling, reason, clinical context, referrer', () => {
    const result = toWorklist('AWAITING_BOOKING', awaitingBooking);
    expect(result.ok && result.worklist.items.map((item) => item.status?.code)).toEqual([
      'APPT_CANCELLED_BY_PATIENT',
      'NOT_BOOKED',
    ]);
    expect(result.ok && result.worklist.items[0]).toMatchObject({
      nhsNumber: '9462979626',
      clinicalContext: 'ORTHAPEDICS/KNEE',
      referrer: { sdsUserId: '021600556514' },
      allocatedClinician: null,
      reason: { code: 'PATIENT_HOLIDAY', label: 'Patient on holiday' },
      dates: { referralCreated: '2021-09-03T14:19:04.702Z' },
    });
    expect(result.ok && result.worklist.items[1]?.nhsNumber).toBeNull();
    expect(result.ok && result.worklist.items[1]?.referrer).toBeNull();
    expect(result.ok && result.worklist.counts).toEqual({
      total: 2,
      byPriority: { ROUTINE: 2 },
      byReviewStatus: {},
    });
  });

  it('reads an empty list', () => {
    const result = toWorklist('LETTERS_OUTSTANDING', { resourceType: 'List', status: 'current' });
    expect(result.ok && result.worklist.counts.total).toBe(0);
  });

  it.each([
    ['garbage', 'nope'],
    ['another resource', { resourceType: 'Bundle' }],
    [
      'an entry that is not a referral',
      { resourceType: 'List', entry: [{ item: { reference: 'Patient/1' } }] },
    ],
  ])('refuses %s', (_name, body) => {
    expect(toWorklist('AWAITING_BOOKING', body).ok).toBe(false);
  });
});
