/**
 * Test people for the local stand-ins, modelled on the APIM mock CIS2 users and the e-RS INT
 * actors (user ids, ODS codes and business functions from NHS's own e-RS tests). The CIS2
 * stand-in signs them in with their `roles`; the e-RS stand-in answers A030 from their
 * `ersRoles` and decides what each may see. The two are separate records, as CIS2's RBAC roles
 * and e-RS's registration are at NHS, and some personas are there because they disagree.
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
  /**
   * The user's e-RS registration: the business functions they hold at each organisation, which
   * e-RS A030 lists. Deliberately not derived from the CIS2 activity codes above.
   */
  ersRoles: ErsRegistration[];
  /** For an SPC admin (SPCA): the clinicians they may act for, as e-RS A040 lists them. */
  actsOnBehalfOf?: string[];
};

/** One PractitionerRole of A030: e-RS business functions (any code e-RS has) at one organisation. */
export type ErsRegistration = { odsCode: string; businessFunctions: string[] };

export const ORGANISATIONS: Record<string, string> = {
  RCD: 'HARROGATE AND DISTRICT NHS FOUNDATION TRUST',
  D82106: 'THE GREEN SURGERY',
  R69: 'THE NORTH MIDLANDS HOSPITALS NHS TRUST',
};

// The e-RS business functions, as A030 codes them.
const RC = 'REFERRING_CLINICIAN';
const RA = 'REFERRING_ADMIN';
const SPC = 'SERVICE_PROVIDER_CLINICIAN';
const SPCA = 'SERVICE_PROVIDER_CLINICIAN_ADMIN';
const SPA = 'SERVICE_PROVIDER_ADMIN';

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
    ersRoles: [{ odsCode: 'RCD', businessFunctions: [SPC] }],
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
    ersRoles: [
      { odsCode: 'D82106', businessFunctions: [RC] },
      { odsCode: 'R69', businessFunctions: [SPC] },
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
    ersRoles: [{ odsCode: 'RCD', businessFunctions: [RC] }],
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
    ersRoles: [{ odsCode: 'RCD', businessFunctions: [RC] }],
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
    ersRoles: [{ odsCode: 'D82106', businessFunctions: [RC] }],
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
    ersRoles: [{ odsCode: 'RCD', businessFunctions: [SPCA] }],
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
    ersRoles: [{ odsCode: 'D82106', businessFunctions: [RA] }],
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
    ersRoles: [{ odsCode: 'RCD', businessFunctions: [SPA] }],
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
    ersRoles: [
      { odsCode: 'RCD', businessFunctions: [SPC] },
      { odsCode: 'D82106', businessFunctions: [RC] },
    ],
  },
  {
    uid: '555041000101',
    title: 'Dr',
    givenName: 'Amara',
    familyName: 'Obi',
    email: 'amara.obi@nhs.net',
    summary: "CIS2 role at RCD; e-RS roles at R69 and R68 only (the spec's A030 example): chooses",
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 3,
    amr: ['SCAL'],
    roles: [
      {
        personRoleId: '555041000101101',
        orgCode: 'RCD',
        roleName: SPC_ROLE,
        roleCode: 'S8000:G8000:R8003',
        activityCodes: ['B1110'],
      },
    ],
    // As the e-RS specification's A030 example: SERVICE_DEFINER, which this client does not use.
    ersRoles: [
      { odsCode: 'R69', businessFunctions: ['SERVICE_DEFINER', SPC, SPA] },
      { odsCode: 'R68', businessFunctions: [RC] },
    ],
  },
  {
    uid: '555041000102',
    title: 'Mr',
    givenName: 'Ravi',
    familyName: 'Patel',
    email: 'ravi.patel@nhs.net',
    summary: 'SPC admin: CIS2 role at RCD, e-RS SPC admin at R69 for Dr James Okafor',
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 3,
    amr: ['SCAL'],
    roles: [
      {
        personRoleId: '555041000102101',
        orgCode: 'RCD',
        roleName: '"Admin & Clerical":"Admin and Clerical":"Medical Secretary Access Role"',
        roleCode: 'S8001:G8001:R8006',
        activityCodes: ['B1115'],
      },
    ],
    ersRoles: [{ odsCode: 'R69', businessFunctions: [SPCA] }],
    actsOnBehalfOf: ['555073103100'],
  },
  {
    uid: '555041000103',
    title: 'Ms',
    givenName: 'Nadia',
    familyName: 'Green',
    email: 'nadia.green@nhs.net',
    summary: 'CIS2 role with no e-RS activity code; e-RS still lists her at RCD: chooses',
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 3,
    amr: ['SCAL'],
    roles: [
      {
        personRoleId: '555041000103101',
        orgCode: 'RCD',
        roleName: '"Clinical":"Clinical Provision":"Nurse Access Role"',
        roleCode: 'S8000:G8000:R8001',
        activityCodes: ['B0360'],
      },
    ],
    ersRoles: [{ odsCode: 'RCD', businessFunctions: [SPC] }],
  },
  {
    uid: '555041000104',
    title: 'Mr',
    givenName: 'Owen',
    familyName: 'Blake',
    email: 'owen.blake@nhs.net',
    summary: 'e-RS activity code in CIS2, but e-RS lists no roles: refused',
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 3,
    amr: ['SCAL'],
    roles: [
      {
        personRoleId: '555041000104101',
        orgCode: 'RCD',
        roleName: SPC_ROLE,
        roleCode: 'S8000:G8000:R8003',
        activityCodes: ['B1110'],
      },
    ],
    ersRoles: [],
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
    ersRoles: [],
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
    ersRoles: [],
  },
];

export function findPersona(uid: string): Persona | undefined {
  return PERSONAS.find((persona) => persona.uid === uid);
}

export function displayName(persona: Persona): string {
  return `${persona.title} ${persona.givenName} ${persona.familyName}`;
}
