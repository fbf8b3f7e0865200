/**
 * Test people for signing in to the public e-RS sandbox (`npm start -- --sandbox`): the CIS2
 * stand-in signs them in, and the sandbox answers e-RS. The sandbox gives every caller the same
 * canned answers, the e-RS specification's examples: its A030 lists user 000000000101 with
 * SERVICE_PROVIDER_CLINICIAN, SERVICE_PROVIDER_ADMIN and SERVICE_DEFINER at R69 and
 * REFERRING_CLINICIAN at R68. So the person here is that user, with a CIS2 role at each of those
 * organisations whose activity codes give the same business functions (B1110, B1120, B1107;
 * B1101), and the sandbox's answers agree with who signed in.
 */
import type { Persona } from './personas';

/** The A030 example names no organisations: these names say where they come from. */
export const SANDBOX_ORGANISATIONS: Record<string, string> = {
  R69: 'R69 (e-RS sandbox example organisation)',
  R68: 'R68 (e-RS sandbox example organisation)',
};

export const SANDBOX_PERSONAS: Persona[] = [
  {
    uid: '000000000101',
    title: 'Dr',
    givenName: 'Robin',
    familyName: 'Sandbox',
    email: 'robin.sandbox@nhs.net',
    summary:
      "The sandbox's example user: provider clinician at R69 or referring clinician at R68 (picks a role)",
    idAssuranceLevel: 3,
    authenticationAssuranceLevel: 3,
    amr: ['SCAL'],
    roles: [
      {
        personRoleId: '000000000101101',
        orgCode: 'R69',
        roleName: '"Clinical":"Clinical Provision":"Consultant"',
        roleCode: 'S8000:G8000:R8003',
        activityCodes: ['B1110', 'B1120', 'B1107'],
      },
      {
        personRoleId: '000000000101102',
        orgCode: 'R68',
        roleName: '"Clinical":"Clinical Provision":"General Medical Practitioner"',
        roleCode: 'S8000:G8000:R8000',
        activityCodes: ['B1101'],
      },
    ],
    // What the sandbox's A030 answers; here only so that the record is whole: in sandbox mode
    // no e-RS stand-in runs, and the BFF reads the sandbox's own A030.
    ersRoles: [
      {
        odsCode: 'R69',
        businessFunctions: [
          'SERVICE_PROVIDER_CLINICIAN',
          'SERVICE_PROVIDER_ADMIN',
          'SERVICE_DEFINER',
        ],
      },
      { odsCode: 'R68', businessFunctions: ['REFERRING_CLINICIAN'] },
    ],
  },
];
