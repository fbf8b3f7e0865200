/**
 * Responses as they leave the BFF's socket (@hono/node-server, not `app.request()`): every
 * security header on exactly one header line, files with their own type, name, caching and
 * sandboxing policy, and the body of a GET never read.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_CSP } from '../src/ers/file-response';
import {
  Browser,
  WITHOUT_RATE_LIMITS,
  signIn,
  startLocalEnvironment,
  type LocalEnvironment,
} from './support/harness';

const UBRN = '000000070000';
const SECURITY_HEADERS = [
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'x-frame-options',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'permissions-policy',
];

let env: LocalEnvironment;
let cookie = '';
let attachmentId = '';

beforeAll(async () => {
  env = await startLocalEnvironment({ logLevel: 'silent', ...WITHOUT_RATE_LIMITS });
  const browser = new Browser();
  await signIn(browser, env.origin, '555032006106');
  cookie = browser
    .cookieNames()
    .map((name) => `${name}=${browser.cookie(name)}`)
    .join('; ');
  const referral = await browser.request(`${env.origin}/api/referrals/${UBRN}`, {
    headers: { 'X-CSRF': '1' },
  });
  const { attachments = [] } = JSON.parse(referral.body) as {
    attachments?: { id: string; availability: { code: string } }[];
  };
  attachmentId = attachments.find((each) => each.availability.code === 'AVAILABLE')?.id ?? '';
});
afterAll(async () => {
  await env?.close();
});

type Raw = { status: number; lines: [string, string][]; body: Buffer };

/** One request over a fresh connection; the header lines exactly as they came. */
function raw(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${env.origin}${path}`, { headers, agent: false });
    request.on('error', reject);
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const lines: [string, string][] = [];
        for (let index = 0; index < response.rawHeaders.length; index += 2) {
          lines.push([response.rawHeaders[index]!.toLowerCase(), response.rawHeaders[index + 1]!]);
        }
        resolve({ status: response.statusCode ?? 0, lines, body: Buffer.concat(chunks) });
      });
    });
    request.end();
  });
}

const linesOf = (response: Raw, name: string) =>
  response.lines.filter(([each]) => each === name).map(([, value]) => value);

describe('every kind of response', () => {
  const api = () => ({ cookie, 'X-CSRF': '1' });
  it.each([
    ['a JSON answer', `/api/referrals/${UBRN}`, api, 200],
    ['a problem', '/api/referrals/123', api, 400],
    ['an unknown route', '/nothing-here', () => ({}), 404],
    ['the health check', '/health/live', () => ({}), 200],
    ['a refusal before the session', `/api/referrals/${UBRN}`, () => ({ 'X-CSRF': '1' }), 401],
  ])('%s carries each security header on exactly one line', async (_, path, headers, status) => {
    const response = await raw(path, headers());
    expect(response.status).toBe(status);
    for (const name of SECURITY_HEADERS) expect(linesOf(response, name), name).toHaveLength(1);
    expect(linesOf(response, 'x-correlation-id')).toHaveLength(1);
    expect(linesOf(response, 'content-security-policy')[0]).toContain("default-src 'self'");
    expect(linesOf(response, 'content-type')).toHaveLength(1);
    expect(linesOf(response, 'content-length')).toHaveLength(1);
  });
});

describe('a file streamed from e-RS', () => {
  it.each([
    ['an attachment', () => `/api/referrals/${UBRN}/attachments/${attachmentId}`],
    ['the clinical information PDF', () => `/api/referrals/${UBRN}/clinical-information`],
  ])('%s keeps its own type, name, caching and policy', async (_, path) => {
    expect(attachmentId).not.toBe('');
    const response = await raw(path(), { cookie, 'X-CSRF': '1' });
    expect(response.status).toBe(200);
    expect(response.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(linesOf(response, 'content-type')).toEqual(['application/pdf']);
    expect(linesOf(response, 'content-disposition')).toHaveLength(1);
    expect(linesOf(response, 'content-disposition')[0]).toMatch(/^inline; filename="[^"]+\.pdf"/);
    expect(linesOf(response, 'content-security-policy')).toEqual([FILE_CSP]);
    expect(linesOf(response, 'cache-control')).toEqual(['no-store']);
    expect(linesOf(response, 'x-content-type-options')).toEqual(['nosniff']);
    for (const name of SECURITY_HEADERS) expect(linesOf(response, name), name).toHaveLength(1);
  });
});

describe('the body of a GET', () => {
  it('is never read: the answer comes while most of a huge body is still unsent', async () => {
    const { port } = new URL(env.origin);
    const socket = connect(Number(port), '127.0.0.1');
    const answer = new Promise<string>((resolve, reject) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('latin1');
        if (text.includes('\r\n\r\n')) resolve(text);
      });
      socket.on('error', reject);
    });
    // 64 MiB announced (four thousand times the 16 KiB limit on bodies), 1 KiB sent.
    socket.write(
      [
        `GET /api/referrals/${UBRN} HTTP/1.1`,
        `Host: localhost:${port}`,
        `Cookie: ${cookie}`,
        'X-CSRF: 1',
        'Content-Type: application/json',
        `Content-Length: ${64 * 1024 * 1024}`,
        '',
        '',
      ].join('\r\n') + ' '.repeat(1024),
    );
    const head = await answer;
    socket.destroy();
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
  });
});
