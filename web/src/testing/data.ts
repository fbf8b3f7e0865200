import type { ActingContextChoices, BffUserResponse } from '@ers/shared/bff-contract';
import type { Problem } from '@ers/shared/problem';
import type { ReferenceData, ReferenceDataCodeSystem } from '@ers/shared/reference-data';
import type { ReferralSummary } from '@ers/shared/referral-summary';

/** A clinician as the BFF describes one after a CIS2 sign-in (values from the e-RS sandbox). */
export const signedInUser: BffUserResponse = {
  user: {
    uid: '555254242106',
    name: 'Dr Alex Example',
    role: { id: '555254240100', name: 'Consultant', code: 'S8000:G8000:R8003' },
    organisation: { odsCode: 'R69', name: 'Royal Example Hospital' },
    actingAs: { odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
  },
  session: {
    idleExpiresAt: '2030-01-01T10:30:00.000Z',
    expiresAt: '2030-01-01T18:00:00.000Z',
  },
};

/** The same user holding two more CIS2 roles than the one signed in with. */
export const signedInUserWithOtherRoles: BffUserResponse = {
  ...signedInUser,
  user: {
    ...signedInUser.user,
    otherRoles: [
      {
        id: '555254240101',
        name: 'General Medical Practitioner',
        organisation: { odsCode: 'D82106', name: 'The Green Surgery' },
        usableForErs: true,
        reason: 'Select this role when you sign in to use it',
      },
      {
        id: '555254240102',
        name: 'Admin/Clinical Support Access Role',
        organisation: { odsCode: 'R69', name: 'Royal Example Hospital' },
        usableForErs: false,
        reason: 'This role does not include access to the e-Referral Service',
      },
    ],
  },
};

export const KNOWN_UBRN = '000000070000';

/** The summary the BFF builds from the e-RS sandbox's A005 example for UBRN 0000 0007 0000. */
export const referralSummary: ReferralSummary = {
  ubrn: KNOWN_UBRN,
  version: '5',
  nhsNumber: '9912003888',
  status: { code: 'NOT_BOOKED', label: 'Not booked' },
  priority: { code: 'ROUTINE', label: 'Routine' },
  specialty: { code: 'CARDIOLOGY', label: 'Cardiology' },
  services: [{ id: '10000001', name: 'Good Cardiology Business Service' }],
  clinicalInfoFirstSubmitted: '2021-06-11T10:28:00.000Z',
};

export function problem(overrides: Partial<Problem> & Pick<Problem, 'status' | 'code'>): Problem {
  return {
    type: `https://ers-reference-client.example/problems/${overrides.code}`,
    title: overrides.code,
    detail: 'Something went wrong.',
    ...overrides,
  };
}

/** `GET /api/reference-data/{codeSystem}` with these (code, display) concepts, all current. */
export function referenceData(
  codeSystem: ReferenceDataCodeSystem,
  concepts: [code: string, display: string][],
): ReferenceData {
  return {
    codeSystem,
    version: '1',
    concepts: concepts.map(([code, display]) => ({
      code,
      display,
      effectiveFrom: null,
      effectiveTo: null,
      properties: {},
      codedProperties: {},
    })),
  };
}

/** What `GET /api/acting-context` answers for the user above. */
export const actingContextChoices: ActingContextChoices = {
  current: { odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN', onBehalfOf: null },
  organisation: { odsCode: 'R69', name: 'Royal Example Hospital' },
  options: [
    {
      odsCode: 'R69',
      organisationName: 'Royal Example Hospital',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN',
    },
    {
      odsCode: 'R69',
      organisationName: 'Royal Example Hospital',
      businessFunction: 'REFERRING_CLINICIAN',
    },
    {
      odsCode: 'R69',
      organisationName: 'Royal Example Hospital',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
    },
    // e-RS A030 lists pairs at organisations CIS2 does not name (as in the spec's example).
    { odsCode: 'R68', organisationName: null, businessFunction: 'REFERRING_CLINICIAN' },
  ],
};
