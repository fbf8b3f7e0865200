/**
 * A whole sign-in and API journey at the most verbose log level: no token, cookie value,
 * authorization code or NHS number may appear in the logs, and every audit event must.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  SESSION_COOKIE,
  capture,
  signIn,
  startLocalEnvironment,
  type LocalEnvironment,
} from './support/harness';

const logged = capture();

let env: LocalEnvironment;
const browser = new Browser();
const CSRF = { 'X-CSRF': '1' };

beforeAll(async () => {
  env = await startLocalEnvironment({ logLevel: 'trace', logDestination: logged.destination });
  await signIn(browser, env.origin, '555032006106', { returnTo: '/referrals/find' });
  await browser.request(`${env.origin}/bff/user`, { headers: CSRF });
  await browser.request(`${env.origin}/api/referrals/000000070000`, { headers: CSRF });
  await browser.request(`${env.origin}/api/referrals/999999999999`, { headers: CSRF });
  await browser.request(`${env.origin}/api/referrals/000000070000`);
  await browser.request(`${env.origin}/bff/logout`, { method: 'POST', headers: CSRF });
  // Three expected refusals: no roles, AAL1 (below e-RS's AAL2), IAL2 (below e-RS's IAL3).
  for (const persona of ['555000000003', '656005750110', '555031999105']) {
    await signIn(new Browser(), env.origin, persona);
  }
});
afterAll(async () => {
  await env?.close();
});

const audit = () => logged.lines.filter((entry) => entry.audit);

describe('logs of a whole journey', () => {
  it('were written', () => {
    expect(logged.raw.length).toBeGreaterThan(10);
  });

  it('hold no token, cookie value, code or NHS number', () => {
    const secrets = env.tokens();
    const sessionCookie = browser.seen
      .flatMap((seen) => seen.headers.getSetCookie())
      .find(
        (line) => line.startsWith(`${SESSION_COOKIE}=`) && !line.startsWith(`${SESSION_COOKIE}=;`),
      );
    secrets.push(sessionCookie!.split(';')[0]!.split('=')[1]!);
    const callback = browser.seen.find((seen) => seen.url.includes('/bff/callback?'))!;
    const code = new URL(callback.url).searchParams.get('code')!;
    const state = new URL(callback.url).searchParams.get('state')!;
    secrets.push(code, state);
    expect(secrets.length).toBeGreaterThanOrEqual(6);

    const text = logged.raw.join('\n');
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain('9912003888');
  });

  it('carry an audit event for sign-in, each retrieval, each refusal and sign-out', () => {
    const events = audit().map((entry) => entry.audit);
    expect(events).toContain('sign_in_started');
    expect(events).toContain('sign_in');
    expect(events).toContain('sign_out');
    expect(events).toContain('sign_in_refused');
    const retrievals = audit().filter((entry) => entry.audit === 'ers_retrieval');
    expect(retrievals.map((entry) => entry.outcome)).toEqual(['ok', 'not_found']);
    expect(retrievals[0]).toMatchObject({
      operation: 'A005',
      ubrn: '000000070000',
      sub: '555032006106',
      odsCode: 'RCD',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN',
    });
  });

  it('give each expected refusal one line with its reason, and no stack trace', () => {
    const entries = logged.lines;
    const refusals = entries.filter((entry) => entry.audit === 'sign_in_refused');
    expect(refusals.map((entry) => entry.reason)).toEqual([
      'no_roles',
      'low_authentication_assurance',
      'low_identity_assurance',
    ]);
    const expected = entries.filter((entry) => Number(entry.level) <= 40);
    for (const entry of expected) {
      expect(JSON.stringify(entry)).not.toMatch(/\\n\s+at |"stack"/);
    }
  });

  it('log every refused request with its correlation id', () => {
    const refused = logged.lines.filter((entry) => entry.msg === 'request refused');
    expect(
      refused.some(
        (entry) => entry.code === 'csrf_required' && typeof entry.correlationId === 'string',
      ),
    ).toBe(true);
  });
});
