/**
 * The worklist rows' patients over real HTTP: BFF + CIS2 stand-in + APIM/e-RS/PDS stand-in. Dr
 * Shah's referrals for review named from PDS with the token e-RS took, one PDS call per patient,
 * and a referral on none of her lists refused without asking PDS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worklist } from '@ers/shared/worklist';
import { WorklistPatientsSchema } from '@ers/shared/worklist-patients';
import {
  Browser,
  signIn,
  startLocalEnvironment,
  type LocalEnvironment,
  WITHOUT_RATE_LIMITS,
} from './support/harness';

const CSRF = { 'X-CSRF': '1' };
const PRIYA = '555032006106';
const LIST = 'REFERRALS_FOR_REVIEW';

let env: LocalEnvironment;
const browser = new Browser();

beforeAll(async () => {
  env = await startLocalEnvironment(WITHOUT_RATE_LIMITS);
  await signIn(browser, env.origin, PRIYA);
});
afterAll(async () => {
  await env?.close();
});

const get = (path: string) => browser.request(`${env.origin}${path}`, { headers: CSRF });

describe('GET /api/worklists/{listType}/patients', () => {
  it('names the rows of the list served, once per patient, with the token e-RS took', async () => {
    const list = JSON.parse((await get(`/api/worklists/${LIST}`)).body) as Worklist;
    const ubrns = list.items.map((item) => item.ubrn);
    expect(ubrns).toHaveLength(5);
    const before = env.apimErs.pdsRequests.length;
    const response = await get(
      `/api/worklists/${LIST}/patients?${ubrns.map((ubrn) => `ubrn=${ubrn}`).join('&')}`,
    );
    expect(response.status).toBe(200);
    const rows = WorklistPatientsSchema.parse(JSON.parse(response.body)).patients;
    const byUbrn = new Map(rows.map((row) => [row.ubrn, row]));
    expect(byUbrn.get('000000070001')).toEqual({
      status: 'found',
      ubrn: '000000070001',
      name: { prefix: ['Mrs'], given: ['Jane'], family: 'Smith', suffix: ['MBE'] },
      birthDate: '2010-10-22',
      restricted: false,
      currentNhsNumber: null,
    });
    // Its PDS record was invalidated.
    expect(byUbrn.get('000000070101')).toEqual({
      status: 'not_shown',
      ubrn: '000000070101',
      reason: 'invalidated',
    });
    expect(response.body).not.toMatch(/LS1 6AE|Y12345|female/);
    const sent = env.apimErs.pdsRequests.slice(before);
    // Four rows are one patient's: two patients, two calls.
    expect(sent.map((request) => request.path).sort()).toEqual([
      '/Patient/9912003888',
      '/Patient/9990003343',
    ]);
    expect(sent[0]!.headers.authorization).toBe(
      env.apimErs.ersRequests.at(-1)!.headers.authorization,
    );
  });

  it('refuses a referral on none of her lists without asking PDS', async () => {
    await get(`/api/worklists/${LIST}`);
    const before = env.apimErs.pdsRequests.length;
    // A referrer's referral (its restricted patient), on none of a provider's lists.
    const response = await get(`/api/worklists/${LIST}/patients?ubrn=000000070102`);
    expect(response.status).toBe(403);
    expect(env.apimErs.pdsRequests.length).toBe(before);
  });
});
