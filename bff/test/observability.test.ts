/**
 * OpenTelemetry with OTEL_ENABLED=true, exported in memory: a whole journey against the
 * stand-ins (sign-in, a refused callback, a referral with its patient banner and an attachment,
 * a token refresh, a CSRF refusal, sign-out, CIS2's back-channel logout) gives a span per request
 * and per CIS2, APIM, e-RS and PDS call with the correlation id and operation id, the metrics
 * the production guide lists, and no secret anywhere: every token, code, assertion, cookie value,
 * the UBRN and the NHS number of the journey are searched for in everything exported.
 */
import { randomBytes } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFRESH_MARGIN_MS } from '../src/apim/token-manager';
import {
  Browser,
  LOGIN_COOKIE,
  SESSION_COOKIE,
  WITHOUT_RATE_LIMITS,
  signIn,
  startLocalEnvironment,
  inMemoryTelemetry,
  type LocalEnvironment,
} from './support/harness';

const CSRF = { 'X-CSRF': '1' };
const SPC = '555032006106';
const UBRN = '000000070000';
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

const telemetry = inMemoryTelemetry();
/** Moved on to make the BFF refresh the APIM token (599 s tokens). */
let clockShiftMs = 0;
/** Every form value the BFF posted to CIS2 or APIM (codes, verifiers, assertions, tokens). */
const postedValues: string[] = [];

const SECRET_PARAMS = new Set([
  'code',
  'code_verifier',
  'client_assertion',
  'client_secret',
  'subject_token',
  'refresh_token',
]);
const recordingFetch: typeof fetch = async (input, init) => {
  if (init?.body instanceof URLSearchParams) {
    for (const [name, value] of init.body) if (SECRET_PARAMS.has(name)) postedValues.push(value);
  }
  return fetch(input, init);
};

let env: LocalEnvironment;
let resourceMetrics: ResourceMetrics;
const secrets: string[] = [];
const correlationIds: Record<string, string> = {};

async function backchannelLogout(sid: string): Promise<{ status: number; token: string }> {
  const jwk = env.cis2.signingJwk;
  const token = await new SignJWT({
    iss: env.config.CIS2_ISSUER,
    aud: env.config.CIS2_CLIENT_ID,
    iat: Math.floor(Date.now() / 1000),
    jti: randomBytes(8).toString('hex'),
    sid,
    events: { [EVENT]: {} },
  })
    .setProtectedHeader({ alg: 'RS256', kid: String(jwk.kid), typ: 'logout+jwt' })
    .sign(await importJWK(jwk, 'RS256'));
  const response = await fetch(`${env.origin}/bff/backchannel-logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: token }),
  });
  return { status: response.status, token };
}

beforeAll(async () => {
  env = await startLocalEnvironment({
    logLevel: 'silent',
    ...WITHOUT_RATE_LIMITS,
    // One request a second per session: the journey's e-RS calls queue for their share.
    env: {
      ...WITHOUT_RATE_LIMITS.env,
      ERS_SESSION_RATE_LIMIT_PER_SECOND: '1',
      OTEL_ENABLED: 'true',
    },
    bffOverrides: {
      fetch: recordingFetch,
      now: () => Date.now() + clockShiftMs,
      telemetry: telemetry.exportTo,
    },
  });
  const browser = new Browser();
  // A callback without a sign-in behind it: one refusal.
  await browser.request(`${env.origin}/bff/callback?code=forged&state=forged`);
  const stopped = await signIn(browser, env.origin, SPC, { stopBeforeCallback: true });
  const callback = new URL(stopped.next!);
  secrets.push(callback.searchParams.get('code')!, callback.searchParams.get('state')!);
  secrets.push(browser.cookie(LOGIN_COOKIE)!);
  await browser.navigate(callback.toString());
  secrets.push(browser.cookie(SESSION_COOKIE)!);

  const referral = await browser.request(`${env.origin}/api/referrals/${UBRN}`, { headers: CSRF });
  correlationIds.referral = referral.headers.get('x-correlation-id')!;
  const attachment = (JSON.parse(referral.body) as { attachments?: Array<{ id: string }> })
    .attachments?.[0];
  const patient = await browser.request(`${env.origin}/api/referrals/${UBRN}/patient`, {
    headers: CSRF,
  });
  correlationIds.patient = patient.headers.get('x-correlation-id')!;
  const file = await browser.request(
    `${env.origin}/api/referrals/${UBRN}/attachments/${attachment!.id}`,
    { headers: CSRF },
  );
  expect([referral.status, patient.status, file.status]).toEqual([200, 200, 200]);

  // Past the refresh margin of the 599 s token: the next e-RS call refreshes it first.
  clockShiftMs = 599_000 - REFRESH_MARGIN_MS + 5_000;
  const afterRefresh = await browser.request(`${env.origin}/api/referrals/${UBRN}`, {
    headers: CSRF,
  });
  expect(afterRefresh.status).toBe(200);
  clockShiftMs = 0;

  const refused = await browser.request(`${env.origin}/api/referrals/${UBRN}`);
  expect(refused.status).toBe(403);
  correlationIds.csrf = refused.headers.get('x-correlation-id')!;
  await browser.request(`${env.origin}/bff/logout`, { method: 'POST', headers: CSRF });

  // A second sign-in, ended by CIS2 over the back channel.
  await signIn(new Browser(), env.origin, SPC);
  const logout = await backchannelLogout(env.cis2.lastSidFor(SPC)!);
  expect(logout.status).toBe(200);
  secrets.push(logout.token);

  const patientRequest = env.apimErs.pdsRequests.at(-1)!;
  const nhsNumber = /\/Patient\/(\d{10})/.exec(JSON.stringify(patientRequest))?.[1];
  secrets.push(nhsNumber!, UBRN, attachment!.id, env.config.APIM_API_SECRET!);
  secrets.push(...env.tokens(), ...postedValues);
  resourceMetrics = await telemetry.collectMetrics();
});
afterAll(async () => {
  await env?.close();
});

const finished = () => telemetry.spans.getFinishedSpans();

const named = (name: string) => finished().filter((span) => span.name === name);
const attr = (span: ReadableSpan, key: string) => span.attributes[key];

/** What a span exports, less its timings (long digit runs that could fake an NHS number). */
const exported = (span: ReadableSpan) =>
  JSON.stringify({
    name: span.name,
    attributes: span.attributes,
    events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
    status: span.status,
    links: span.links,
    resource: span.resource.attributes,
    scope: span.instrumentationScope,
  });

/** Every metric's name, description and data point attributes. */
const exportedMetrics = () =>
  JSON.stringify(
    resourceMetrics.scopeMetrics.flatMap((scope) =>
      scope.metrics.map((metric) => ({
        descriptor: metric.descriptor,
        attributes: metric.dataPoints.map((point) => point.attributes),
      })),
    ),
  );

/** The sum of a counter's data points whose attributes include `where`. */
function counted(name: string, where: Record<string, unknown> = {}): number {
  const metric = resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .find((each) => each.descriptor.name === name);
  return (metric?.dataPoints ?? [])
    .filter((point) => Object.entries(where).every(([k, v]) => point.attributes[k] === v))
    .reduce((sum, point) => sum + (typeof point.value === 'number' ? point.value : 0), 0);
}

describe('OpenTelemetry over a whole journey', () => {
  it('gives each request a server span named by its route template, with its correlation id', () => {
    const [span] = finished()
      .filter((each) => attr(each, 'bff.correlation_id') === correlationIds.referral)
      .filter((each) => each.kind === SpanKind.SERVER);
    expect(span).toMatchObject({
      name: 'GET /api/referrals/:ubrn',
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/api/referrals/:ubrn',
        'http.response.status_code': 200,
      },
    });
  });

  it('gives each e-RS and PDS call a child span with the operation id and correlation id', () => {
    const childrenOf = (correlationId: string) => {
      const request = finished().find(
        (span) =>
          span.kind === SpanKind.SERVER && attr(span, 'bff.correlation_id') === correlationId,
      )!;
      const children = finished().filter(
        (span) => span.parentSpanContext?.spanId === request.spanContext().spanId,
      );
      for (const child of children) {
        expect(child.kind).toBe(SpanKind.CLIENT);
        expect(child.spanContext().traceId).toBe(request.spanContext().traceId);
        expect(attr(child, 'bff.correlation_id')).toBe(correlationId);
        expect(attr(child, 'http.response.status_code')).toBe(200);
      }
      return children;
    };
    // The acting context (A030) first, then the referral.
    const referral = childrenOf(correlationIds.referral!);
    expect(referral.map((span) => span.name)).toEqual(['e-RS A030', 'e-RS A005']);
    expect(referral[1]!.attributes).toMatchObject({
      'bff.upstream.service': 'e-RS',
      'bff.upstream.operation': 'A005',
    });
    // The referral route noted its NHS number for the banner (patient-cache.ts): PDS alone.
    expect(childrenOf(correlationIds.patient!).map((span) => span.name)).toEqual([
      'PDS GET Patient',
    ]);
    expect(named('e-RS A042')).toHaveLength(1);
    expect(named('object-store')).toHaveLength(1);
  });

  it('traces the CIS2 and APIM calls of sign-in and refresh inside the requests that made them', () => {
    for (const name of ['CIS2 token', 'CIS2 userinfo', 'APIM token-exchange', 'APIM refresh']) {
      const [span] = named(name);
      expect(span, name).toBeDefined();
      expect(attr(span!, 'bff.correlation_id'), name).toEqual(expect.any(String));
      expect(span!.parentSpanContext?.spanId, name).toBeDefined();
    }
    expect(attr(named('APIM refresh')[0]!, 'http.response.status_code')).toBe(200);
  });

  it('marks the CSRF refusal with its problem code and counts it', () => {
    const span = finished().find(
      (each) =>
        each.kind === SpanKind.SERVER && attr(each, 'bff.correlation_id') === correlationIds.csrf,
    );
    expect(span?.attributes).toMatchObject({
      'http.response.status_code': 403,
      'bff.problem.code': 'csrf_required',
    });
    expect(counted('bff.csrf.refusals', { code: 'csrf_required' })).toBe(1);
  });

  it('counts sign-ins, refusals by reason, refreshes, back-channel logouts and rate-limit waits', () => {
    expect(counted('bff.sign_ins')).toBe(2);
    expect(counted('bff.sign_in.refusals', { reason: 'no_transaction' })).toBe(1);
    expect(counted('bff.apim.token_renewals', { event: 'refreshed' })).toBe(1);
    expect(counted('bff.backchannel_logouts', { outcome: 'accepted' })).toBe(1);
    expect(counted('bff.rate_limit.waits', { 'bff.rate_limit': 'session' })).toBeGreaterThan(0);
  });

  it('measures upstream latency by service and operation', () => {
    const histogram = resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .find((metric) => metric.descriptor.name === 'bff.upstream.duration');
    const operations = new Set(
      histogram?.dataPoints.map(
        (point) =>
          `${point.attributes['bff.upstream.service']} ${point.attributes['bff.upstream.operation']}`,
      ),
    );
    for (const expected of [
      'e-RS A005',
      'e-RS A042',
      'PDS PDS GET Patient',
      'CIS2 token',
      'APIM refresh',
    ]) {
      expect(operations).toContain(expected);
    }
  });

  it('exports no token, code, assertion, cookie value, UBRN or NHS number', () => {
    // Enough secrets that the search means something: tokens from both stand-ins, the code,
    // state, both cookies, the logout token, client assertions, the refresh token sent.
    expect(secrets.length).toBeGreaterThanOrEqual(15);
    for (const secret of secrets) expect(secret.length).toBeGreaterThanOrEqual(10);
    const everything = [...finished().map(exported), exportedMetrics()].join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
