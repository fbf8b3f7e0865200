/**
 * What the forged CIS2 (forged-cis2.ts) answers with: its keys, the ID token and its signature in
 * each forged variant, and the userinfo document, each shaped as CIS2 INT's and open to changes
 * claim by claim.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type JWTPayload } from 'jose';

/** One CIS2 user with one e-RS role (B1110: Service Provider Clinician) at RCD. */
export const FORGED_USER = {
  sub: '555032006106',
  sid: 'cis2-session-1',
  title: 'Dr',
  givenName: 'Priya',
  familyName: 'Shah',
  roleId: '555032008102',
  orgCode: 'RCD',
  orgName: 'HARROGATE AND DISTRICT NHS FOUNDATION TRUST',
} as const;

/** How the ID token is signed; everything but `op-key` must be refused. */
export type IdTokenSigning =
  /** RS256 with the key published in the JWKS, under its kid. */
  | 'op-key'
  /** RS256 with a key the JWKS does not publish, under a kid the JWKS does not have. */
  | 'unknown-kid'
  /** RS256 with a different key under the published kid. */
  | 'other-key-same-kid'
  /** `alg: none`, empty signature. */
  | 'alg-none'
  /** HS256 with the published RSA public key (PEM) as the HMAC secret: the alg-confusion attack. */
  | 'hs256-with-op-public-key';

/** `undefined` as a value removes the claim or field. */
export type Overrides = Record<string, unknown>;

export function merge(
  base: Record<string, unknown>,
  overrides: Overrides,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base, ...overrides };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete result[key];
  }
  return result;
}

export const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export type OpKeys = Awaited<ReturnType<typeof generateOpKeys>>;

async function generateOpKeys() {
  const op = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256', { extractable: true });
  const kid = `cis2-${randomBytes(6).toString('hex')}`;
  return {
    kid,
    op,
    other,
    publicJwk: { ...(await exportJWK(op.publicKey)), kid, alg: 'RS256', use: 'sig' },
    publicPem: await exportSPKI(op.publicKey),
  };
}

// RSA key generation is the slow part; one set of keys serves every forged CIS2 in a test file.
let sharedKeys: Promise<OpKeys> | undefined;
export const opKeys = (): Promise<OpKeys> => (sharedKeys ??= generateOpKeys());

/** The ID token CIS2 INT would issue for this authorization request, with `overrides` applied. */
export function idTokenClaims(
  issuer: string,
  params: URLSearchParams,
  nowMs: number,
  overrides: Overrides,
): Record<string, unknown> {
  const at = Math.floor(nowMs / 1000);
  const clientId = params.get('client_id') ?? '';
  return merge(
    {
      at_hash: b64url(randomBytes(16)),
      sub: FORGED_USER.sub,
      auditTrackingId: randomUUID(),
      amr: ['N3_SMARTCARD'],
      iss: issuer,
      tokenName: 'id_token',
      sid: FORGED_USER.sid,
      aud: clientId,
      acr: 'AAL3_ANY',
      // CIS2 sends the assurance levels as strings.
      id_assurance_level: '3',
      authentication_assurance_level: '3',
      azp: clientId,
      auth_time: at - 5,
      realm: '/NHSIdentity/Healthcare',
      selected_roleid: FORGED_USER.roleId,
      nonce: params.get('nonce') ?? undefined,
      exp: at + 300,
      tokenType: 'JWTToken',
      iat: at,
      name: `${FORGED_USER.givenName} ${FORGED_USER.familyName}`,
      given_name: FORGED_USER.givenName,
      family_name: FORGED_USER.familyName,
      uid: FORGED_USER.sub,
    },
    overrides,
  );
}

export async function signIdToken(
  claims: Record<string, unknown>,
  signing: IdTokenSigning,
  keys: OpKeys,
): Promise<string> {
  const payload = claims as JWTPayload;
  switch (signing) {
    case 'op-key':
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keys.kid })
        .sign(keys.op.privateKey);
    case 'unknown-kid':
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'kid-not-in-the-cis2-jwks' })
        .sign(keys.other.privateKey);
    case 'other-key-same-kid':
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keys.kid })
        .sign(keys.other.privateKey);
    case 'alg-none': {
      const header = b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
      return `${header}.${b64url(JSON.stringify(claims))}.`;
    }
    case 'hs256-with-op-public-key': {
      const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: keys.kid }));
      const input = `${header}.${b64url(JSON.stringify(claims))}`;
      const signature = createHmac('sha256', keys.publicPem).update(input).digest('base64url');
      return `${input}.${signature}`;
    }
  }
}

/** CIS2's userinfo for `sub`, with `overrides` applied. */
export function userinfo(sub: string, overrides: Overrides): Record<string, unknown> {
  return merge(
    {
      sub,
      nhsid_useruid: sub,
      uid: sub,
      name: `${FORGED_USER.givenName} ${FORGED_USER.familyName}`,
      given_name: FORGED_USER.givenName,
      family_name: FORGED_USER.familyName,
      title: FORGED_USER.title,
      email: 'priya.shah@nhs.net',
      idassurancelevel: '3',
      nhsid_user_orgs: [{ org_code: FORGED_USER.orgCode, org_name: FORGED_USER.orgName }],
      nhsid_nrbac_roles: [
        {
          person_orgid: '555032007101',
          person_roleid: FORGED_USER.roleId,
          org_code: FORGED_USER.orgCode,
          role_name: '"Clinical":"Clinical Provision":"Consultant"',
          role_code: 'S0010:G0020:R8000',
          activities: ['Receive Referrals', 'Manage Referrals'],
          activity_codes: ['B1110', 'B0264'],
        },
      ],
    },
    overrides,
  );
}
