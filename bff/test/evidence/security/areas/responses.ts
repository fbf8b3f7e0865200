/**
 * What every kind of response tells the browser: never framed (clickjacking), never cached, never
 * sniffed; and files from e-RS served so that no upstream content type can make one run as a
 * page on our origin (content-type confusion on downloads).
 */
import { expect } from 'vitest';
import { FILE_CSP } from '../../../../src/ers/file-response';
import { OBJECT_STORE_ORIGIN } from '../../../support/harness';
import { gatewayRow, type AttackRow } from '../attack';
import { referralExample } from '../referral';
import type { Targets } from '../targets';

function expectUnframeable(response: Response, cached: 'no-store' | 'any') {
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  if (cached === 'no-store') expect(response.headers.get('cache-control')).toBe('no-store');
}

const kinds: Array<[string, string, RequestInit & { sessionId?: string }, 'no-store' | 'any']> = [
  ['the signed-in user (200)', '/bff/user', {}, 'no-store'],
  ['no session (401)', '/bff/user', { sessionId: 'no-such-session' }, 'no-store'],
  ['an unknown API route (404 problem)', '/api/nothing', {}, 'no-store'],
  ['a refused UBRN (400 problem)', '/api/referrals/1', {}, 'no-store'],
  [
    'a CSRF refusal (403)',
    '/api/referrals/000000070000',
    { headers: { 'X-CSRF': '0' } },
    'no-store',
  ],
  ['a method not allowed (405)', '/api/referrals/000000070000', { method: 'DELETE' }, 'no-store'],
  // Refused before the no-store middleware runs: a problem with nothing in it worth caching.
  ['a body too large (413)', '/bff/logout', { method: 'POST', body: 'x'.repeat(20_000) }, 'any'],
  ['sign-in when CIS2 cannot be reached (302)', '/bff/login', {}, 'no-store'],
  ['liveness', '/health/live', {}, 'any'],
  ['a page outside the SPA (404)', '/nothing-here', { headers: { accept: 'text/html' } }, 'any'],
  ['our public keys', '/.well-known/jwks.json', {}, 'any'],
];

const headers: AttackRow[] = kinds.map(([kind, path, init, cached]) =>
  gatewayRow('clickjacking, CSP and caching', `framing or caching ${kind}`, async (targets) => {
    const response = await targets.gw.request(path, { sessionId: targets.sessionId, ...init });
    await response.body?.cancel();
    expectUnframeable(response, cached);
  }),
);

const BINARY_ID = '719f6045-e791-4029-8e0f-1201c02b0a55';
let nextUbrn = 70100;

/** A referral (its own UBRN, so no index is shared) whose one attachment has this title. */
function serveAttachment(targets: Targets, title: string, type: string | undefined) {
  const ubrn = `0000000${nextUbrn++}`;
  const referral = referralExample(ubrn) as {
    contained: Array<{ resourceType: string; content?: Array<{ attachment: { title?: string } }> }>;
  };
  const document = referral.contained.find((each) => each.resourceType === 'DocumentReference');
  document!.content![0]!.attachment.title = title;
  const signed = `${OBJECT_STORE_ORIGIN}/attachments/${ubrn}?X-Amz-Signature=cafe`;
  targets.gw.upstream.on('GET', `/referrals/FHIR/STU3/ReferralRequest/${ubrn}`, {
    status: 200,
    body: referral,
  });
  targets.gw.upstream.on('GET', `/referrals/FHIR/R4/Binary/${BINARY_ID}`, {
    status: 307,
    headers: { location: signed },
  });
  targets.gw.upstream.on('GET', signed, {
    status: 200,
    body: '<script>alert(document.cookie)</script>',
    headers: type === undefined ? {} : { 'content-type': type },
  });
  return `/api/referrals/${ubrn}/attachments/${BINARY_ID}`;
}

const DANGEROUS = /html|xml|script|svg|multipart|flash|ecmascript/i;

function download(tries: string, title: string, type: string | undefined): AttackRow {
  return gatewayRow('content-type confusion on downloads', tries, async (targets) => {
    const path = serveAttachment(targets, title, type);
    const response = await targets.gw.request(path, { sessionId: targets.sessionId });
    expect(response.status).toBe(200);
    await response.body?.cancel();
    expect(response.headers.get('content-type')).not.toMatch(DANGEROUS);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(response.headers.get('content-disposition')).not.toMatch(/[\r\n/\\]|\.\./);
    expect(response.headers.get('content-security-policy')).toBe(FILE_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('set-cookie')).toBeNull();
  });
}

const downloads: AttackRow[] = [
  download('an attachment e-RS types text/html', 'page.html', 'text/html'),
  download('text/html in capitals with a charset', 'page.htm', 'TEXT/HTML; charset=utf-7'),
  download('image/svg+xml (script inside an image)', 'drawing.svg', 'image/svg+xml'),
  download('application/xhtml+xml', 'page.xhtml', 'application/xhtml+xml'),
  download('text/xml with an XSLT', 'data.xml', 'text/xml'),
  download('application/javascript', 'x.js', 'application/javascript'),
  download('text/javascript', 'x.mjs', 'text/javascript'),
  download('two types in one header (text/plain, text/html)', 'x.txt', 'text/plain, text/html'),
  download('multipart/x-mixed-replace', 'x.bin', 'multipart/x-mixed-replace; boundary=x'),
  download('no content type at all (left to sniffing)', 'x', undefined),
  download('a PDF title that is really HTML', 'letter.pdf', 'text/html'),
  download(
    'a title that injects a second filename parameter',
    'a.pdf"; filename="evil.html',
    'text/html',
  ),
  download(
    'a title that injects a header with CRLF',
    'a\r\nSet-Cookie: x=1',
    'application/octet-stream',
  ),
  download(
    'a title that walks out of the downloads folder',
    '../../../etc/passwd',
    'text/plain, text/html',
  ),
];

export const RESPONSES: AttackRow[] = [...headers, ...downloads];
