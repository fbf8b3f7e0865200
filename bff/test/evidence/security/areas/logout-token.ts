/**
 * Back-channel logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.6), forged, replayed or
 * skewed, each naming the victim's CIS2 session: every one is answered 400 and the victim stays
 * signed in. The signatures are made with the forged CIS2's own keys (or deliberately not).
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import {
  CIS2_CLIENT_ID,
  CIS2_INT_ISSUER,
  isWrite,
  type IdTokenSigning,
} from '../../../support/harness';
import { FORGED_USER, opKeys, signIdToken } from '../../../support/forged-cis2-tokens';
import { bffRow, type AttackRow } from '../attack';
import type { Targets } from '../targets';

const EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const now = () => Math.floor(Date.now() / 1000);

/** The claims CIS2 would send to end the victim's CIS2 session, with `overrides` applied. */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    iss: CIS2_INT_ISSUER,
    aud: CIS2_CLIENT_ID,
    iat: now(),
    jti: randomBytes(8).toString('hex'),
    sid: FORGED_USER.sid,
    events: { [EVENT]: {} },
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[name];
    else base[name] = value;
  }
  return base;
}

const sign = async (body: Record<string, unknown>, signing: IdTokenSigning = 'op-key') =>
  signIdToken(body, signing, await opKeys());

function post(targets: Targets, body: string, contentType = 'application/x-www-form-urlencoded') {
  return targets.bff.app.request('https://ers-client.example.nhs.uk/bff/backchannel-logout', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
}

const form = (token: string) => new URLSearchParams({ logout_token: token }).toString();

function refused(tries: string, token: (targets: Targets) => Promise<string>): AttackRow {
  return bffRow('logout token', tries, async (targets) => {
    const response = await post(targets, form(await token(targets)));
    expect(response.status).toBe(400);
  });
}

export const LOGOUT_TOKENS: AttackRow[] = [
  refused('not a JWT', async () => 'not-a-jwt'),
  refused('an empty token', async () => ''),
  refused('alg none', () => sign(claims(), 'alg-none')),
  refused('HMAC-signed with the published RSA key (alg confusion)', () =>
    sign(claims(), 'hs256-with-op-public-key'),
  ),
  refused('signed by another key under the published kid', () =>
    sign(claims(), 'other-key-same-kid'),
  ),
  refused('signed under a kid CIS2 does not publish', () => sign(claims(), 'unknown-kid')),
  refused('another issuer', () => sign(claims({ iss: 'https://evil.example' }))),
  refused('the issuer with :443 stripped', () =>
    sign(claims({ iss: CIS2_INT_ISSUER.replace(':443', '') })),
  ),
  refused('another audience', () => sign(claims({ aud: '999999999999.apps.supplier' }))),
  refused('an audience list without us', () =>
    sign(claims({ aud: ['a.apps.supplier', 'b.apps.supplier'] })),
  ),
  refused('no events claim', () => sign(claims({ events: undefined }))),
  refused('another event', () =>
    sign(claims({ events: { 'http://schemas.openid.net/event/other': {} } })),
  ),
  refused('a nonce (an ID token, not a logout token)', () => sign(claims({ nonce: 'n' }))),
  refused('neither sid nor sub', () => sign(claims({ sid: undefined }))),
  refused('no jti', () => sign(claims({ jti: undefined }))),
  refused('issued 10 minutes in the future', () => sign(claims({ iat: now() + 600 }))),
  refused('issued 10 minutes ago', () => sign(claims({ iat: now() - 600 }))),
  refused('expired', () => sign(claims({ iat: now() - 200, exp: now() - 120 }))),
  refused(
    "the victim's own ID token posted as a logout token",
    async (targets) => targets.bff.forged.issuedIdTokens[0]!,
  ),
  bffRow('logout token', 'a valid token sent as JSON, not a form', async (targets) => {
    const token = await sign(claims());
    const response = await post(
      targets,
      JSON.stringify({ logout_token: token }),
      'application/json',
    );
    expect(response.status).toBe(400);
  }),
  bffRow('logout token', 'a valid token in the query string, not the body', async (targets) => {
    const token = await sign(claims());
    const response = await targets.bff.app.request(
      `https://ers-client.example.nhs.uk/bff/backchannel-logout?logout_token=${token}`,
      { method: 'POST' },
    );
    expect(response.status).toBe(400);
  }),
  bffRow(
    'logout token',
    'a valid token replayed (same jti)',
    async (targets) => {
      const token = await sign(claims({ sid: 'another-cis2-session' }));
      expect((await post(targets, form(token))).status).toBe(200);
      const writes = targets.bff.storeOperations.length;
      expect((await post(targets, form(token))).status).toBe(400);
      // The replay's jti check is a setIfAbsent that finds the jti there: it writes nothing.
      const written = targets.bff.storeOperations.slice(writes).filter(isWrite);
      expect(written.filter((op) => op.op !== 'setIfAbsent')).toEqual([]);
    },
    { writes: 'allowed' },
  ),
];
