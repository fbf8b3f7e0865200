import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LOGOUT_TOKEN_CLOCK_TOLERANCE_SECONDS,
  LOGOUT_TOKEN_MAX_AGE_SECONDS,
  validateLogoutToken,
} from './logout-token';

const ISSUER =
  'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare';
const CLIENT_ID = 'ers-client.apps.supplier';
const NOW = 1_800_000_000;
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let key: PrivateKey;
let otherKey: PrivateKey;
let publicJwk: JWK;
let expectations: Parameters<typeof validateLogoutToken>[1];

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  key = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'cis2-key', alg: 'RS256' };
  expectations = {
    issuer: ISSUER,
    clientId: CLIENT_ID,
    keys: createLocalJWKSet({ keys: [publicJwk] }),
    now: () => NOW * 1000,
  };
});

const goodClaims = (): JWTPayload => ({
  iss: ISSUER,
  aud: CLIENT_ID,
  iat: NOW - 5,
  jti: 'jti-1',
  sid: 'sid-1',
  sub: '555032006106',
  events: { [EVENT]: {} },
});

function sign(
  claims: JWTPayload,
  header: { alg?: string; typ?: string; kid?: string } = {},
  signingKey: PrivateKey = key,
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'logout+jwt', kid: 'cis2-key', ...header })
    .sign(signingKey);
}

function unsigned(claims: JWTPayload): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'logout+jwt' })}.${b64(claims)}.`;
}

function hs256WithPublicKey(claims: JWTPayload): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${b64({ alg: 'HS256', typ: 'logout+jwt', kid: 'cis2-key' })}.${b64(claims)}`;
  const secret = JSON.stringify(publicJwk);
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('validateLogoutToken', () => {
  it('accepts a well-formed logout token', async () => {
    const result = await validateLogoutToken(await sign(goodClaims()), expectations);
    expect(result).toEqual({
      ok: true,
      claims: { jti: 'jti-1', sid: 'sid-1', sub: '555032006106', iat: NOW - 5 },
    });
  });

  it.each([
    ['typ JWT, as CIS2 sends it', {}, { typ: 'JWT' }],
    ['aud as an array', { aud: ['other', CLIENT_ID] }, {}],
    ['sid only', { sub: undefined }, {}],
    ['sub only', { sid: undefined }, {}],
  ])('accepts %s', async (_name, claims, header) => {
    const token = await sign({ ...goodClaims(), ...claims }, header);
    expect((await validateLogoutToken(token, expectations)).ok).toBe(true);
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example' }],
    ['the issuer without :443', { iss: ISSUER.replace(':443', '') }],
    ['another audience', { aud: 'someone-else' }],
    ['an audience array without us', { aud: ['a', 'b'] }],
    ['no events', { events: undefined }],
    ['events without the logout event', { events: { 'http://example.com/other': {} } }],
    ['the logout event not an object', { events: { [EVENT]: 'yes' } }],
    ['a nonce (an ID token)', { nonce: 'n' }],
    ['neither sid nor sub', { sid: undefined, sub: undefined }],
    ['no jti', { jti: undefined }],
    ['no iat', { iat: undefined }],
    [
      'an iat older than the maximum age and the clock tolerance',
      { iat: NOW - LOGOUT_TOKEN_MAX_AGE_SECONDS - LOGOUT_TOKEN_CLOCK_TOLERANCE_SECONDS - 1 },
    ],
    ['an iat further ahead than the clock tolerance', { iat: NOW + 61 }],
    ['an iat far in the future', { iat: NOW + 600 }],
    ['an exp further past than the clock tolerance', { iat: NOW - 90, exp: NOW - 61 }],
  ])('refuses %s', async (_name, claims) => {
    const token = await sign({ ...goodClaims(), ...claims });
    expect((await validateLogoutToken(token, expectations)).ok).toBe(false);
  });

  // CIS2's clock is not ours. A token CIS2 issues "now" with a 30 s life, seen from a BFF whose
  // clock is `skew` seconds behind CIS2's (positive) or ahead of it (negative).
  it.each([
    ['2 s ahead of ours', 2],
    ['50 s ahead of ours', 50],
    ['2 s behind ours', -2],
    ['50 s behind ours (its exp already 20 s past on our clock)', -50],
  ])('accepts a token from a CIS2 whose clock is %s', async (_name, skew) => {
    const token = await sign({ ...goodClaims(), iat: NOW + skew, exp: NOW + skew + 30 });
    expect(await validateLogoutToken(token, expectations)).toMatchObject({ ok: true });
  });

  it('refuses a typ that is not a logout token type', async () => {
    const token = await sign(goodClaims(), { typ: 'at+jwt' });
    expect(await validateLogoutToken(token, expectations)).toMatchObject({ ok: false });
  });

  it('refuses alg none', async () => {
    expect((await validateLogoutToken(unsigned(goodClaims()), expectations)).ok).toBe(false);
  });

  it('refuses HS256 signed with the public key as the secret', async () => {
    expect((await validateLogoutToken(hs256WithPublicKey(goodClaims()), expectations)).ok).toBe(
      false,
    );
  });

  it('refuses a token signed by another key under the same kid', async () => {
    const token = await sign(goodClaims(), {}, otherKey);
    expect((await validateLogoutToken(token, expectations)).ok).toBe(false);
  });

  it('refuses an unknown kid', async () => {
    const token = await sign(goodClaims(), { kid: 'unknown' });
    expect((await validateLogoutToken(token, expectations)).ok).toBe(false);
  });

  it('refuses garbage', async () => {
    expect((await validateLogoutToken('not.a.jwt', expectations)).ok).toBe(false);
    expect((await validateLogoutToken('', expectations)).ok).toBe(false);
  });
});
