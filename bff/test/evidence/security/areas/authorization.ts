/**
 * Authorization across roles, organisations and on-behalf-of: each e-RS operation's
 * pre-requisites (ers/access.ts) are checked before e-RS is asked, before any cache is read,
 * and a new acting context must be a pair e-RS A030 listed for this user.
 */
import { expect } from 'vitest';
import { INT_ORIGIN, specExample } from '../../../support/harness';
import { apiAttack, expectGatewayRefusal, gatewayRow, type AttackRow } from '../attack';
import { referralExample } from '../referral';
import type { Targets } from '../targets';

const UBRN = '000000070000';
const BINARY_ID = '719f6045-e791-4029-8e0f-1201c02b0a55';
const area = 'authorization' as const;
type Role = keyof Targets['roles'];

const routes = {
  referral: `/api/referrals/${UBRN}`,
  clinicalInformation: `/api/referrals/${UBRN}/clinical-information`,
  attachment: `/api/referrals/${UBRN}/attachments/${BINARY_ID}`,
  referenceData: '/api/reference-data/PRIORITY',
  providerWorklist: '/api/worklists/REFERRALS_FOR_REVIEW',
  availableActions: `/api/referrals/${UBRN}/versions/5/actions`,
};
const SERVICE = '/api/healthcare-services/11002';

/** A row for a request made in another role's session. */
function asRole(
  role: Role,
  tries: string,
  path: string,
  code: string,
  init: RequestInit = {},
): AttackRow {
  return {
    area,
    tries,
    async run(targets) {
      const response = await expectGatewayRefusal(targets, {
        path,
        init: { ...init, sessionId: targets.roles[role] },
        status: 403,
        code,
        audit: 'maybe-refused',
      });
      await response.body?.cancel();
    },
  };
}

const choose = (body: object): RequestInit => ({
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const AUTHORIZATION: AttackRow[] = [
  asRole(
    'providerAdmin',
    'a provider admin opens clinical information (A007)',
    routes.clinicalInformation,
    'no_access',
  ),
  asRole(
    'providerAdmin',
    'a provider admin opens an attachment (A042)',
    routes.attachment,
    'no_access',
  ),
  asRole(
    'providerAdmin',
    'a provider admin asks for clinical reference data (A004)',
    routes.referenceData,
    'no_access',
  ),
  ...(Object.entries(routes) as Array<[string, string]>).map(([name, path]) =>
    asRole(
      'clinicianAdminWithoutClinician',
      `a clinician admin acting for nobody asks for ${name}`,
      path,
      'on_behalf_of_required',
    ),
  ),
  asRole(
    'providerAdmin',
    'a provider admin asks what can be done next with a referral (A029)',
    routes.availableActions,
    'no_access',
  ),
  asRole(
    'referringAdmin',
    'a referring admin asks what can be done next with a referral (A029)',
    routes.availableActions,
    'no_access',
  ),
  asRole(
    'providerAdmin',
    "a provider admin asks for a service's details (A033)",
    SERVICE,
    'no_access',
  ),
  asRole(
    'referringAdmin',
    "a referring admin asks for a service's details (A033: referring clinicians and their admins only)",
    SERVICE,
    'no_access',
  ),
  asRole(
    'clinicianAdminWithoutClinician',
    "a clinician admin asks for a service's details (A033)",
    SERVICE,
    'no_access',
  ),
  apiAttack({
    area,
    tries: "a provider clinician asks for a service's details (A033)",
    path: SERVICE,
    status: 403,
    code: 'no_access',
    audit: 'maybe-refused',
  }),
  asRole(
    'referringClinician',
    'a referrer asks for a provider worklist (REFERRALS_FOR_REVIEW)',
    routes.providerWorklist,
    'no_access',
  ),
  asRole(
    'referringClinician',
    'a referrer asks for a provider worklist (APPOINTMENT_SLOT_ISSUES)',
    '/api/worklists/APPOINTMENT_SLOT_ISSUES',
    'no_access',
  ),
  asRole(
    'referringAdmin',
    'a referring admin opens clinical information (A007)',
    routes.clinicalInformation,
    'no_access',
  ),
  asRole(
    'referringAdmin',
    'a referring admin asks for clinical reference data (A004)',
    routes.referenceData,
    'no_access',
  ),
  apiAttack({
    area,
    tries: 'a provider clinician asks for a referrer worklist (REJECTED_TRIAGE_RESPONSE)',
    path: '/api/worklists/REJECTED_TRIAGE_RESPONSE',
    status: 403,
    code: 'no_access',
    audit: 'maybe-refused',
  }),
  apiAttack({
    area,
    tries: 'a provider clinician asks for a referrer worklist (ASSESSMENT_RETURNED_CANCELLED_DNA)',
    path: '/api/worklists/ASSESSMENT_RETURNED_CANCELLED_DNA',
    status: 403,
    code: 'no_access',
    audit: 'maybe-refused',
  }),
  apiAttack({
    area,
    tries: 'a provider clinician lists the clinicians an admin may act for (A040)',
    path: '/api/on-behalf-of',
    status: 403,
    code: 'no_access',
    audit: 'maybe-refused',
  }),
  apiAttack({
    area,
    tries: 'A040 for a clinician admin pair A030 does not list (?odsCode=RCD)',
    path: '/api/on-behalf-of?odsCode=RCD',
    status: 403,
    code: 'no_access',
    audit: 'maybe-refused',
  }),
  apiAttack({
    area,
    tries: 'A040 as a clinician admin in our own organisation, a pair A030 does not list',
    path: '/api/on-behalf-of?odsCode=R69',
    status: 403,
    code: 'no_access',
    audit: 'maybe-refused',
  }),
  apiAttack({
    area,
    tries: 'a new acting context in another organisation (RCD)',
    path: '/api/acting-context',
    init: choose({ odsCode: 'RCD', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' }),
    status: 403,
    code: 'no_access',
    audit: 'maybe-refused',
  }),
  apiAttack({
    area,
    tries: 'a new acting context in a business function A030 does not list here',
    path: '/api/acting-context',
    init: choose({ odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_ADMIN' }),
    status: 403,
    code: 'no_access',
    audit: 'maybe-refused',
  }),
  apiAttack({
    area,
    tries: 'a new acting context as clinician admin for a named clinician, unlisted',
    path: '/api/acting-context',
    init: choose({
      odsCode: 'R69',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
      onBehalfOfUserId: '555032006106',
    }),
    status: 403,
    code: 'no_access',
    audit: 'maybe-refused',
  }),
  apiAttack({
    area,
    tries: 'a new acting context as a referrer, unlisted',
    path: '/api/acting-context',
    init: choose({ odsCode: 'R69', businessFunction: 'REFERRING_CLINICIAN' }),
    status: 403,
    code: 'no_access',
    audit: 'maybe-refused',
  }),
  {
    area,
    tries: "a referrer's choice of a pair listed only for another user",
    async run(targets) {
      const response = await expectGatewayRefusal(targets, {
        path: '/api/acting-context',
        init: {
          ...choose({ odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' }),
          sessionId: targets.roles.referringClinician,
        },
        status: 403,
        code: 'no_access',
        audit: 'maybe-refused',
      });
      await response.body?.cancel();
    },
  },
  ...(
    [
      ['a referral', routes.referral],
      ['an attachment', routes.attachment],
      ['the acting context', '/api/acting-context'],
    ] as const
  ).map(([name, path]) =>
    apiAttack({
      area,
      tries: `${name} without any session`,
      path,
      init: { sessionId: 'no-such-session' },
      status: 401,
    }),
  ),
  gatewayRow(
    area,
    'a provider admin asks for reference data a clinician has already cached',
    async (targets) => {
      const { gw } = targets;
      gw.upstream.on('GET', '/referrals/FHIR/STU3/CodeSystem/SPECIALTY', {
        status: 200,
        body: specExample('/STU3/CodeSystem/{codeSystemType}', 'get', 'priority'),
      });
      const filled = await gw.request('/api/reference-data/SPECIALTY', {
        sessionId: targets.sessionId,
      });
      await filled.body?.cancel();
      const from = gw.upstream.calls.length;
      const refused = await gw.request('/api/reference-data/SPECIALTY', {
        sessionId: targets.roles.providerAdmin,
      });
      expect(refused.status).toBe(403);
      await refused.body?.cancel();
      expect(gw.upstream.calls.slice(from)).toEqual([]);
    },
  ),
  gatewayRow(
    area,
    'an attachment id the referral does not list is refused before A042',
    async (targets) => {
      const { gw } = targets;
      const ubrn = '000000070031';
      gw.upstream.on('GET', `/referrals/FHIR/STU3/ReferralRequest/${ubrn}`, {
        status: 200,
        body: referralExample(ubrn),
      });
      const from = gw.upstream.calls.length;
      const response = await gw.request(
        `/api/referrals/${ubrn}/attachments/00000000-0000-0000-0000-000000000000`,
        { sessionId: targets.sessionId },
      );
      expect(response.status).toBe(404);
      await response.body?.cancel();
      expect(gw.upstream.calls.slice(from).map((call) => call.path)).toEqual([
        `/referrals/FHIR/STU3/ReferralRequest/${ubrn}`,
      ]);
    },
  ),
  gatewayRow(
    area,
    "an attachment another organisation's session listed is not served from its index",
    async (targets) => {
      const { gw } = targets;
      const ubrn = '000000070032';
      const a005 = `/referrals/FHIR/STU3/ReferralRequest/${ubrn}`;
      gw.upstream.on('GET', a005, (call) =>
        call.headers['nhsd-end-user-organisation-ods'] === 'R69'
          ? { status: 200, body: referralExample(ubrn) }
          : {
              status: 404,
              body: {
                resourceType: 'OperationOutcome',
                issue: [
                  { code: 'not-found', details: { coding: [{ code: 'REFERRAL_NOT_FOUND' }] } },
                ],
              },
            },
      );
      const listed = await gw.request(`/api/referrals/${ubrn}`, { sessionId: targets.sessionId });
      expect(listed.status).toBe(200);
      await listed.body?.cancel();
      const from = gw.upstream.calls.length;
      const response = await gw.request(`/api/referrals/${ubrn}/attachments/${BINARY_ID}`, {
        sessionId: targets.roles.clinicianElsewhere,
      });
      expect(response.status).toBe(404);
      await response.body?.cancel();
      const calls = gw.upstream.calls.slice(from);
      expect(
        calls.map((call) => [
          call.origin,
          call.path,
          call.headers['nhsd-end-user-organisation-ods'],
        ]),
      ).toEqual([[INT_ORIGIN, a005, 'RCD']]);
    },
  ),
];
