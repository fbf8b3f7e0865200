/**
 * Test people for the local stand-ins, modelled on the APIM mock CIS2 users and the e-RS INT
 * actors (user ids, ODS codes and business functions from NHS's own e-RS tests). The CIS2
 * stand-in signs them in; the e-RS stand-in decides what each may see.
 */
export type PersonaRole = {
  personRoleId: string;
  orgCode: string;
  /** Composite, quoted, as CIS2 sends it. */
  roleName: string;
  roleCode: string;
  activityCodes: string[];
};

export type Persona = {
  uid: string;
  title: string;
  givenName: string;
  familyName: string;
  email: string;
  /** What the picker says about this person, for whoever runs the tests. */
  summary: string;
  idAssuranceLevel: number;
  authenticationAssuranceLevel: number;
  /** How they authenticated (CIS2 `amr`). */
  amr: string[];
  roles: PersonaRole[];
  /** Set for a deliberately malformed userinfo (e.g. a role without an id). */
  rawRoles?: unknown[];
};

export const ORGANISATIONS: Record<string, string> = {
  RCD: 'HARROGATE AND DISTRICT NHS FOUNDATION TRUST',
  D82106: 'THE GREEN SURGERY',
  R69: 'THE NORTH MIDLANDS HOSPITALS NHS TRUST',
};

const SPC_ROLE = '"Clinical":"Clinical Provision":"Consultant"';
const GP_ROLE = '"Clinical":"Clinical Provision":"General Medical Practitioner"';

export const PERSONAS: Persona[] = [
  {
    uid: '555032006106',
    title: 'Dr',
    givenName: 'Priya',
    familyName: 'Shah',
    email: 'priya.shah@nhs.net',
    summary: 'Consultant, service provider clinician at RCD (one role)',
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 3,
    amr: ['SCAL'],
    roles: [
      {
        personRoleId: '555032006106101',
        orgCode: 'RCD',
        roleName: SPC_ROLE,
        roleCode: 'S8000:G8000:R8003',
        activityCodes: ['B1110', 'B0360'],
      },
    ],
  },
  {
    uid: '555073103100',
    title: 'Dr',
    givenName: 'James',
    familyName: 'Okafor',
    email: 'james.okafor@nhs.net',
    summary: 'GP and hospital clinician: referring clinician at D82106, provider clinician at R69',
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 3,
    amr: ['FIDO2'],
    roles: [
      {
        personRoleId: '555073103100201',
        orgCode: 'D82106',
        roleName: GP_ROLE,
        roleCode: 'S8000:G8000:R8000',
        activityCodes: ['B1101', 'B0264'],
      },
      {
        personRoleId: '555073103100202',
        orgCode: 'R69',
        roleName: SPC_ROLE,
        roleCode: 'S8000:G8000:R8003',
        activityCodes: ['B1110'],
      },
    ],
  },
  {
    uid: '656005750109',
    title: 'Ms',
    givenName: 'Alex',
    familyName: 'Morgan',
    email: 'alex.morgan@nhs.net',
    summary: 'Referring clinician at RCD, signed in at AAL2 (authenticator app)',
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 2,
    amr: ['TOTP'],
    roles: [
      {
        personRoleId: '656005750109101',
        orgCode: 'RCD',
        roleName: GP_ROLE,
        roleCode: 'S8000:G8000:R8000',
        activityCodes: ['B1101'],
      },
    ],
  },
  {
    uid: '656005750110',
    title: 'Mr',
    givenName: 'Sam',
    familyName: 'Taylor',
    email: 'sam.taylor@nhs.net',
    summary: 'Signed in at AAL1 (password only): e-RS must refuse',
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 1,
    amr: ['PWD'],
    roles: [
      {
        personRoleId: '656005750110101',
        orgCode: 'RCD',
        roleName: GP_ROLE,
        roleCode: 'S8000:G8000:R8000',
        activityCodes: ['B1101'],
      },
    ],
  },
  {
    uid: '555031999105',
    title: 'Ms',
    givenName: 'Jo',
    familyName: 'Evans',
    email: 'jo.evans@nhs.net',
    summary: 'Identity assurance IAL2: e-RS must refuse',
    idAssuranceLevel: 2,
    authenticationAssuranceLevel: 3,
    amr: ['SCAL'],
    roles: [
      {
        personRoleId: '555031999105101',
        orgCode: 'D82106',
        roleName: GP_ROLE,
        roleCode: 'S8000:G8000:R8000',
        activityCodes: ['B1101'],
      },
    ],
  },
  {
    uid: '555000000003',
    title: 'Mr',
    givenName: 'Chris',
    familyName: 'Noroles',
    email: 'chris.noroles@nhs.net',
    summary: 'Holds no roles at all',
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 3,
    amr: ['SCAL'],
    roles: [],
  },
];

export function findPersona(uid: string): Persona | undefined {
  return PERSONAS.find((persona) => persona.uid === uid);
}

export function displayName(persona: Persona): string {
  return `${persona.title} ${persona.givenName} ${persona.familyName}`;
}
