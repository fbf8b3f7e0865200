/**
 * OpenID Connect Back-Channel Logout 1.0 §2.6: validating a logout token CIS2 posts to us.
 * Each refusal names the rule it enforces; any refusal is a 400 and changes nothing.
 */
import {
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';

const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * `logout+jwt` is the explicit type the spec's errata recommends; CIS2 (ForgeRock) sends `JWT`
 * (NHS sample logout token). Both are accepted; the `events` claim and the absent `nonce` are
 * what stop an ID token being replayed as a logout token.
 */
const ACCEPTED_TYP = new Set(['logout+jwt', 'application/logout+jwt', 'jwt']);

/** Asymmetric algorithms only: never `none`, never HMAC with a public key as the secret. */
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
];

/** ASVS 5.0 10.5.5: logout tokens are short-lived; older ones are refused. */
export const LOGOUT_TOKEN_MAX_AGE_SECONDS = 120;

/**
 * CIS2's clock and ours disagree by a few seconds, sometimes by tens. Without an allowance a
 * logout token whose `iat` is a second ahead of us is refused and the user stays signed in
 * here after signing out of CIS2. 60 s on `iat` and `exp` (and on the maximum age) is the
 * common OpenID Provider allowance; the signature, audience and single-use `jti` still bind it.
 */
export const LOGOUT_TOKEN_CLOCK_TOLERANCE_SECONDS = 60;

export type LogoutTokenClaims = {
  jti: string;
  sid: string | undefined;
  sub: string | undefined;
  iat: number;
};

export type LogoutTokenResult =
  { ok: true; claims: LogoutTokenClaims } | { ok: false; reason: string };

export type LogoutTokenExpectations = {
  issuer: string;
  clientId: string;
  keys: JWTVerifyGetKey;
  now: () => number;
};

export async function validateLogoutToken(
  token: string,
  expected: LogoutTokenExpectations,
): Promise<LogoutTokenResult> {
  let typ: string | undefined;
  try {
    typ = decodeProtectedHeader(token).typ;
  } catch {
    return { ok: false, reason: 'malformed JWT' };
  }
  if (typ !== undefined && !ACCEPTED_TYP.has(typ.toLowerCase())) {
    return { ok: false, reason: `typ ${typ} is not a logout token type` };
  }

  let payload: JWTPayload;
  try {
    // §2.6 steps 3-5: signature by the OP's keys, iss, aud (string or array), iat, exp if any.
    ({ payload } = await jwtVerify(token, expected.keys, {
      issuer: expected.issuer,
      audience: expected.clientId,
      algorithms: ALGORITHMS,
      requiredClaims: ['iat', 'jti'],
      maxTokenAge: LOGOUT_TOKEN_MAX_AGE_SECONDS,
      clockTolerance: LOGOUT_TOKEN_CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(expected.now()),
    }));
  } catch (error) {
    const reason = error instanceof errors.JOSEError ? error.code : 'invalid JWT';
    return { ok: false, reason };
  }

  // §2.6 step 6-7: the events member holds the back-channel logout event, as a JSON object.
  const events = payload.events as Record<string, unknown> | undefined;
  const event = events && typeof events === 'object' ? events[BACKCHANNEL_LOGOUT_EVENT] : undefined;
  if (!event || typeof event !== 'object' || Array.isArray(event)) {
    return { ok: false, reason: 'events has no back-channel logout event' };
  }
  // §2.6 step 8: a nonce means this is an ID token, not a logout token.
  if ('nonce' in payload) return { ok: false, reason: 'nonce present' };
  // §2.6 step 6: sid, sub, or both.
  const sid = typeof payload.sid === 'string' && payload.sid !== '' ? payload.sid : undefined;
  const sub = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : undefined;
  if (!sid && !sub) return { ok: false, reason: 'neither sid nor sub' };
  if (typeof payload.jti !== 'string' || payload.jti === '') {
    return { ok: false, reason: 'jti missing' };
  }
  return { ok: true, claims: { jti: payload.jti, sid, sub, iat: payload.iat ?? 0 } };
}
