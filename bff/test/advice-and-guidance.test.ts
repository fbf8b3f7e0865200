/**
 * Advice and Guidance through the BFF: A023 (the provider's worklist), A024 (a request's summary),
 * A025 (its conversation) and A043 (the overview PDF), against the e-RS stand-in (its own A&G
 * fixtures and rules from the specification), and against e-RS answering with the
 * specification's own examples for what the stand-in cannot send (garbage, audit events).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AdviceConversationSchema,
  AdviceRequestSummarySchema,
  AdviceWorklistSchema,
} from '@ers/shared/advice-and-guidance';
import { PatientLookupSchema } from '@ers/shared/patient';
import { WorklistPatientsSchema } from '@ers/shared/worklist-patients';
import {
  Browser,
  WITHOUT_RATE_LIMITS,
  signIn,
  specExample,
  startGateway,
  startLocalEnvironment,
  type Gateway,
  type LocalEnvironment,
} from './support/harness';

const CSRF = { 'X-CSRF': '1' };
const PRIYA = '555032006106'; // SPC at RCD
const HELEN = '555031998104'; // SPCA at RCD, acts for Priya
const GRACE = '555032006103'; // SPA at RCD
const ALEX = '656005750109'; // RC at RCD

let env: LocalEnvironment;
const browsers = new Map<string, Browser>();

async function as(uid: string): Promise<Browser> {
  const known = browsers.get(uid);
  if (known) return known;
  const browser = new Browser();
  await signIn(browser, env.origin, uid);
  browsers.set(uid, browser);
  return browser;
}

async function get(uid: string, path: string) {
  const browser = await as(uid);
  const before = env.apimErs.ersRequests.length;
  const response = await browser.request(`${env.origin}${path}`, { headers: CSRF });
  const ersCalls = env.apimErs.ersRequests.slice(before).map((request) => request.path);
  const json = (): unknown => JSON.parse(response.body);
  return {
    status: response.status,
    headers: response.headers,
    body: response.body,
    json,
    ersCalls,
  };
}

beforeAll(async () => {
  env = await startLocalEnvironment({ logLevel: 'silent', ...WITHOUT_RATE_LIMITS });
  await get(PRIYA, '/api/acting-context');
});
afterAll(async () => {
  await env?.close();
});

describe('A&G against the e-RS stand-in', () => {
  it("lists the provider organisation's A&G requests, with status, priority and version", async () => {
    const response = await get(PRIYA, '/api/advice-and-guidance');
    expect(response.status).toBe(200);
    const worklist = AdviceWorklistSchema.parse(response.json());
    expect(worklist.items.map((item) => item.ubrn)).toEqual([
      '000000090000',
      '000000090001',
      '000000090002',
      '000000090004',
    ]);
    expect(worklist.items[2]).toMatchObject({
      version: '5',
      nhsNumber: '9462979626',
      priority: { code: 'TWO_WEEK_WAIT', label: '2 week wait' },
      status: { code: 'REFERRER_TO_SUBMIT_FURTHER_INFORMATION' },
      service: { id: '11014', name: 'Cardiology Advice Service' },
      clinicType: { code: 'HEART_FAILURE' },
    });
    expect(response.ersCalls).toEqual(['/STU3/CommunicationRequest/$ers.fetchworklist']);
  });

  it('names the rows and opens the banner from the PDS stand-in, for the patients A023 and A024 give', async () => {
    await get(PRIYA, '/api/advice-and-guidance');
    const rows = await get(
      PRIYA,
      '/api/advice-and-guidance/patients?ubrn=000000090000&ubrn=000000090002',
    );
    expect(rows.status).toBe(200);
    expect(WorklistPatientsSchema.parse(rows.json()).patients).toEqual([
      expect.objectContaining({ ubrn: '000000090000', status: 'found', restricted: false }),
      expect.objectContaining({ ubrn: '000000090002', status: 'found', restricted: true }),
    ]);
    expect(rows.ersCalls).toEqual([]);
    const banner = await get(PRIYA, '/api/advice-and-guidance/000000090002/patient');
    const lookup = PatientLookupSchema.parse(banner.json());
    expect(lookup).toMatchObject({
      status: 'found',
      patient: { nhsNumber: '9462979626', restriction: 'restricted' },
    });
    expect(banner.body).not.toMatch(/homeAddress|gpPracticeOdsCode/);
    // Another provider's request is on none of her lists: refused before PDS.
    const stranger = await get(PRIYA, '/api/advice-and-guidance/patients?ubrn=000000090003');
    expect(stranger.status).toBe(403);
  });

  it('gives an SPC admin the list of the clinician they act for, and an SP admin theirs', async () => {
    const helen = await as(HELEN);
    const chosen = await helen.request(`${env.origin}/api/acting-context`, {
      method: 'PUT',
      headers: { ...CSRF, 'content-type': 'application/json' },
      body: JSON.stringify({
        odsCode: 'RCD',
        businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
        onBehalfOfUserId: PRIYA,
      }),
    });
    expect(chosen.status).toBe(200);
    expect((await get(HELEN, '/api/advice-and-guidance')).status).toBe(200);
    expect((await get(GRACE, '/api/advice-and-guidance')).status).toBe(200);
  });

  it('refuses a referring clinician the worklist without asking e-RS: referrers have none', async () => {
    const response = await get(ALEX, '/api/advice-and-guidance');
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ code: 'no_access' });
    expect(response.ersCalls.filter((path) => path.includes('CommunicationRequest'))).toEqual([]);
  });

  it('summarises a request: version, conversion authorised, requester, attachments by availability', async () => {
    const response = await get(PRIYA, '/api/advice-and-guidance/000000090002');
    expect(response.status).toBe(200);
    const summary = AdviceRequestSummarySchema.parse(response.json());
    expect(summary).toMatchObject({
      ubrn: '000000090002',
      version: '5',
      conversionAuthorised: true,
      specialty: { code: 'CARDIOLOGY', label: 'Cardiology' },
      requester: {
        sdsUserId: '103264992985',
        odsCode: 'R69',
        businessFunction: 'REFERRING_CLINICIAN',
      },
    });
    expect(summary.attachments.map((attachment) => attachment.availability.code)).toEqual([
      'THREATS_FOUND',
      'VALIDATION_FAILED',
      'PENDING',
    ]);
    expect(response.ersCalls).toEqual(['/STU3/CommunicationRequest/000000090002']);
  });

  it('reads the versioned summary, and says so when the version is no longer current', async () => {
    expect((await get(PRIYA, '/api/advice-and-guidance/000000090000/versions/5')).status).toBe(200);
    const old = await get(PRIYA, '/api/advice-and-guidance/000000090000/versions/4');
    expect(old.status).toBe(404);
    expect(old.json()).toMatchObject({
      code: 'version_not_current',
      ersCode: 'HISTORY_NOT_SUPPORTED',
    });
  });

  it('puts the conversation in the order it was written, with authors and attachments', async () => {
    const response = await get(
      PRIYA,
      '/api/advice-and-guidance/000000090002/versions/5/conversation',
    );
    expect(response.status).toBe(200);
    const conversation = AdviceConversationSchema.parse(response.json());
    // The spec's multi-way example lists 70000, 70003, 70001, 70002: not the order written.
    expect(conversation.messages.map((message) => [message.id, message.sentBy])).toEqual([
      ['70000', 'REQUESTER'],
      ['70001', 'REQUESTER'],
      ['70003', 'RESPONDER'],
      ['70002', 'RESPONDER'],
    ]);
    expect(conversation.messages[2]!.author).toEqual({
      sdsUserId: '103264994981',
      odsCode: 'R69',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN',
    });
    // The stand-in answers 400 without `based-on` at the current version, 404 at another.
    expect(response.ersCalls).toEqual(['/STU3/Communication']);

    const attached = await get(
      PRIYA,
      '/api/advice-and-guidance/000000090001/versions/5/conversation',
    );
    const messages = AdviceConversationSchema.parse(attached.json()).messages;
    expect(messages.map((message) => message.attachments.map((a) => a.title))).toEqual([
      ['testResultsA.pdf'],
      ['testXXXInfo.pdf'],
    ]);
  });

  it('says the request changed when the conversation is asked for at an old version', async () => {
    const response = await get(
      PRIYA,
      '/api/advice-and-guidance/000000090000/versions/2/conversation',
    );
    expect(response.status).toBe(404);
    expect(response.json()).toMatchObject({ code: 'version_not_current' });
  });

  it("refuses another organisation's request as e-RS does: A024's 422 and A025's 400 alike", async () => {
    const summary = await get(PRIYA, '/api/advice-and-guidance/000000090003');
    expect(summary.status).toBe(403);
    expect(summary.json()).toMatchObject({ code: 'no_relationship', ersCode: 'NO_RELATIONSHIP' });
    const conversation = await get(
      PRIYA,
      '/api/advice-and-guidance/000000090003/versions/5/conversation',
    );
    expect(conversation.status).toBe(403);
    expect(conversation.json()).toMatchObject({
      code: 'no_relationship',
      ersCode: 'NO_RELATIONSHIP',
    });
  });

  it('tells the user a referral UBRN is not an A&G request', async () => {
    const response = await get(PRIYA, '/api/advice-and-guidance/000000070000');
    expect(response.status).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'advice_unprocessable',
      ersCode: 'INVALID_REQUEST_TYPE',
    });
  });

  it('refuses an SP admin the summary, conversation and PDF without asking e-RS', async () => {
    for (const path of [
      '/api/advice-and-guidance/000000090000',
      '/api/advice-and-guidance/000000090000/versions/5/conversation',
      '/api/advice-and-guidance/000000090000/overview',
    ]) {
      const response = await get(GRACE, path);
      expect(response.status, path).toBe(403);
      expect(response.json()).toMatchObject({ code: 'no_access' });
      expect(response.ersCalls).toEqual([]);
    }
  });

  it('streams the overview PDF as a download', async () => {
    const response = await get(PRIYA, '/api/advice-and-guidance/000000090000/overview');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain(
      'advice-and-guidance-000000090000.pdf',
    );
    expect(response.body.startsWith('%PDF-')).toBe(true);
    expect(response.ersCalls).toEqual(['/STU3/CommunicationRequest/000000090000/$ers.generateCRI']);
  });

  it("serves a conversation's file through A042, checked against what A024 and A025 listed", async () => {
    const id = '95786c88-0f4b-4336-89e1-8463a83a6756'; // testResultsA.pdf, in 90001's conversation
    // Opened cold (nothing remembered for this user): A024 and A025 are asked to list it first.
    const cold = await get(ALEX, `/api/advice-and-guidance/000000090001/attachments/${id}`);
    expect(cold.status).toBe(403); // a referring clinician at RCD: not his request
    const file = await get(PRIYA, `/api/advice-and-guidance/000000090001/attachments/${id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.body.startsWith('%PDF-')).toBe(true);
    // Priya opened 90001's conversation earlier in this file: only A042 was asked.
    expect(file.ersCalls).toEqual([`/R4/Binary/${id}`]);
  });

  it("asks A024 and A025 for a request's files it has not seen, and refuses what is not AVAILABLE", async () => {
    const pending = await get(
      HELEN,
      '/api/advice-and-guidance/000000090004/attachments/1ccc58ce-7e51-4424-86e5-bf7243b0030d',
    );
    expect(pending.status).toBe(422);
    expect(pending.json()).toMatchObject({ code: 'attachment_unavailable', ersCode: 'PENDING' });
    expect(pending.ersCalls).toEqual([
      '/STU3/CommunicationRequest/000000090004',
      '/STU3/Communication',
    ]);
    const unknown = await get(
      PRIYA,
      '/api/advice-and-guidance/000000090000/attachments/00000000-0000-4000-8000-000000000000',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'attachment_not_found' });
    expect(unknown.ersCalls.some((path) => path.startsWith('/R4/Binary/'))).toBe(false);
  });

  it('refuses malformed UBRNs and versions before e-RS', async () => {
    expect((await get(PRIYA, '/api/advice-and-guidance/12345')).status).toBe(400);
    const version = await get(
      PRIYA,
      '/api/advice-and-guidance/000000090000/versions/x/conversation',
    );
    expect(version.status).toBe(400);
    expect(version.ersCalls).toEqual([]);
  });
});

describe('A&G against e-RS answering with the specification', () => {
  let gw: Gateway;
  afterEach(() => gw?.close());
  const A024 = '/referrals/FHIR/STU3/CommunicationRequest/000000070000';

  it('audits each retrieval with its operation, interaction, UBRN and version', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A024, {
      status: 200,
      body: specExample('/STU3/CommunicationRequest/{ubrn}', 'get', 'minimal'),
    });
    gw.upstream.on('GET', /^\/referrals\/FHIR\/STU3\/Communication\?/, {
      status: 200,
      body: specExample('/STU3/Communication', 'get', 'single-message-from-referrer'),
    });
    expect((await gw.request('/api/advice-and-guidance/000000070000')).status).toBe(200);
    const conversation = await gw.request(
      '/api/advice-and-guidance/000000070000/versions/1/conversation',
    );
    expect(conversation.status).toBe(200);
    expect(
      gw.audits.map((event) => [event.operation, event.interaction, event.ubrn, event.version]),
    ).toEqual([
      ['A024', 'read', '000000070000', undefined],
      ['A025', 'search-type', '000000070000', '1'],
    ]);
  });

  it('refuses a conversation about another request, and a summary of another UBRN', async () => {
    gw = await startGateway();
    gw.upstream.on('GET', A024, {
      status: 200,
      body: specExample(
        '/STU3/CommunicationRequest/{ubrn}',
        'get',
        'with-attachment-file-reference',
      ),
    });
    gw.upstream.on('GET', /^\/referrals\/FHIR\/STU3\/Communication\?/, {
      status: 200,
      body: specExample('/STU3/Communication', 'get', 'multi-way-conversation'),
    });
    const summary = await gw.request('/api/advice-and-guidance/000000070000');
    expect(summary.status).toBe(502);
    const conversation = await gw.request(
      '/api/advice-and-guidance/000000070000/versions/6/conversation',
    );
    expect(conversation.status).toBe(502);
    expect(await conversation.json()).toMatchObject({ code: 'upstream_invalid_response' });
  });
});
