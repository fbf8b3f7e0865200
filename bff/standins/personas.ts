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
  /**
   * CIS2 sends no selected_roleid for some authenticators and for some users with several
   * roles (APIM mock user 656005750104): no role picker, no selected role.
   */
  skipsRolePicker?: boolean;
  /** For an SPC admin (SPCA): the clinicians they may act for, as e-RS A040 lists them. */
  actsOnBehalfOf?: string[];
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
    uid: '555031998104',
    title: 'Mrs',
    givenName: 'Helen',
    familyName: 'Price',
    email: 'helen.price@nhs.net',
    summary: 'Service provider clinician admin at RCD, acting on behalf of Dr Priya Shah',
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 3,
    amr: ['SCAL'],
    roles: [
      {
        personRoleId: '555031998104101',
        orgCode: 'RCD',
        roleName: '"Admin & Clerical":"Admin and Clerical":"Medical Secretary Access Role"',
        roleCode: 'S8001:G8001:R8006',
        activityCodes: ['B1115'],
      },
    ],
    actsOnBehalfOf: ['555032006106'],
  },
  {
    uid: '555031998103',
    title: 'Mr',
    givenName: 'Tom',
    familyName: 'Hughes',
    email: 'tom.hughes@nhs.net',
    summary: 'Referring admin at D82106: referrer worklists only, no referral details',
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 3,
    amr: ['SCAL'],
    roles: [
      {
        personRoleId: '555031998103101',
        orgCode: 'D82106',
        roleName: '"Admin & Clerical":"Admin and Clerical":"Receptionist Access Role"',
        roleCode: 'S8001:G8001:R8009',
        activityCodes: ['B1103'],
      },
    ],
  },
  {
    uid: '555032006103',
    title: 'Ms',
    givenName: 'Grace',
    familyName: 'Lee',
    email: 'grace.lee@nhs.net',
    summary: 'Service provider admin at RCD: provider worklists only, no referral details',
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 3,
    amr: ['SCAL'],
    roles: [
      {
        personRoleId: '555032006103101',
        orgCode: 'RCD',
        roleName: '"Admin & Clerical":"Admin and Clerical":"Booking Clerk Access Role"',
        roleCode: 'S8001:G8001:R8008',
        activityCodes: ['B1120'],
      },
    ],
  },
  {
    uid: '656005750104',
    title: 'Mr',
    givenName: 'Surekha',
    familyName: 'Kommareddy',
    email: 'surekha.kommareddy@nhs.net',
    summary: 'Several roles and none selected (no selected_roleid): must choose a role',
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 3,
    amr: ['SCAL'],
    skipsRolePicker: true,
    roles: [
      {
        personRoleId: '656014452101',
        orgCode: 'RCD',
        roleName: '"Clinical":"Clinical Provision":"Consultant"',
        roleCode: 'S8000:G8000:R8003',
        activityCodes: ['B1110'],
      },
      {
        personRoleId: '656005754108',
        orgCode: 'D82106',
        roleName: GP_ROLE,
        roleCode: 'S8000:G8000:R8000',
        activityCodes: ['B1101'],
      },
    ],
  },
  {
    uid: '555000000005',
    title: 'Ms',
    givenName: 'Pat',
    familyName: 'Malformed',
    email: 'pat.malformed@nhs.net',
    summary: 'Userinfo roles are malformed (a role with an empty id): must be refused',
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 3,
    amr: ['SCAL'],
    roles: [],
    rawRoles: [{ person_roleid: '', org_code: 'RCD', role_name: '', activity_codes: ['B1110'] }],
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
