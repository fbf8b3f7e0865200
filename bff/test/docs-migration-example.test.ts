/**
 * The worked example of docs/migrating-from-hscn.md, run: the "after" request in the guide is
 * read from the guide and compared with what the BFF actually sends the e-RS stand-in when Dr
 * Priya Shah opens a referral. The guide is what a supplier copies, so it is the guide that is
 * parsed (rather than generated): a change to the BFF's request, or an edit of the guide that
 * makes it wrong, fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { ErsRequestRecord } from '../standins/apim-ers/ers/facade';
import { PRESETS } from '../src/config/presets';
import { Browser, signIn, startLocalEnvironment, type LocalEnvironment } from './support/harness';

const guide = readFileSync(new URL('../../docs/migrating-from-hscn.md', import.meta.url), 'utf8');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Headers undici adds to every request: the transport's, not the e-RS contract's. */
const TRANSPORT_HEADERS = ['host', 'connection', 'content-length', 'transfer-encoding'];

/** A placeholder in the guide (`<...>`) stands for a value made per request: its shape. */
const PLACEHOLDERS: Record<string, RegExp> = {
  '<the APIM access token>': /^[A-Za-z0-9._~+/=-]+$/,
  '<a new UUID per request>': UUID,
};

type DocumentedRequest = { method: string; path: string; headers: Map<string, string> };

/** The guide's block marked "after": an HTTP request line, then `Name: value` lines. */
function documentedRequest(): DocumentedRequest {
  const block = /<!-- after: tested -->\s*```http\n([\s\S]*?)^```$/m.exec(guide)?.[1];
  if (!block) throw new Error('docs/migrating-from-hscn.md has no "after: tested" http block');
  const [requestLine = '', ...headerLines] = block.trim().split('\n');
  const [method = '', path = ''] = requestLine.split(' ');
  const headers = new Map(
    headerLines.map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()] as const;
    }),
  );
  return { method, path, headers };
}

let env: LocalEnvironment;
let sent: ErsRequestRecord;
let answer: { status: number; headers: Headers };

beforeAll(async () => {
  env = await startLocalEnvironment({ logLevel: 'silent' });
  const browser = new Browser();
  await signIn(browser, env.origin, '555032006106');
  const before = env.apimErs.ersRequests.length;
  answer = await browser.request(`${env.origin}/api/referrals/000000070000`, {
    headers: { 'X-CSRF': '1' },
  });
  const a005 = env.apimErs.ersRequests
    .slice(before)
    .filter((request) => request.path.startsWith('/STU3/ReferralRequest/'));
  expect(a005).toHaveLength(1);
  sent = a005[0]!;
});
afterAll(async () => {
  await env?.close();
});

describe('docs/migrating-from-hscn.md, the worked example', () => {
  const documented = documentedRequest();

  it('is the request line the BFF sends, on the INT host the guide names', () => {
    expect(answer.status).toBe(200);
    expect(sent.method).toBe(documented.method);
    const host = documented.headers.get('host');
    const base = PRESETS.int.ERS_BASE_URL!;
    const documentedUrl = `https://${host}${documented.path}`;
    expect(documentedUrl.startsWith(`${base}/`), documentedUrl).toBe(true);
    // The stand-in records the path below its base, as e-RS's specification writes it.
    expect(documentedUrl.slice(base.length)).toBe(sent.path);
  });

  it('lists exactly the headers the BFF sends, with their values', () => {
    const received = Object.entries(sent.headers).filter(
      ([name]) => !TRANSPORT_HEADERS.includes(name),
    );
    const documentedNames = [...documented.headers.keys()].filter((name) => name !== 'host');
    expect(received.map(([name]) => name).sort()).toEqual(documentedNames.sort());
    for (const [name, value] of received) {
      const expected = documented.headers.get(name)!;
      const placeholder = /<[^>]+>/.exec(expected)?.[0];
      if (placeholder === undefined) {
        expect(value, name).toBe(expected);
        continue;
      }
      const shape = PLACEHOLDERS[placeholder];
      expect(shape, `a known placeholder: ${placeholder}`).toBeDefined();
      const [prefix = '', suffix = ''] = expected.split(placeholder);
      const text = String(value);
      expect(text.startsWith(prefix) && text.endsWith(suffix), `${name}: ${text}`).toBe(true);
      expect(text.slice(prefix.length, text.length - suffix.length)).toMatch(shape!);
    }
  });

  it("answers with e-RS's transaction id (X-Request-ID, once X_ERS_TRANSACTION_ID) and our correlation id", () => {
    expect(answer.headers.get('x-ers-request-id')).toMatch(UUID);
    expect(answer.headers.get('x-correlation-id')).toBe(sent.headers['x-correlation-id']);
  });
});
