/**
 * The client assertion checks of APIM's token exchange, in APIM's order
 * (identity-service-api Flow.PostTokenTokenExchange): decode, kid, typ, iss = sub, jti, exp
 * (present, integer, at most 5 minutes ahead with APIM's 10 s allowance), jti replay (a jti is
 * spent as soon as it has been seen, as APIM caches it before verifying), iss = the app's API key,
 * the app's JWKS, alg RS512, kid in the JWKS, signature, aud = this exact token URL, expiry.
 */
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWTPayload } from 'jose';
import type { AppJwksCache } from './app-jwks';
import { fail } from './errors';

/** APIM asks for exp <= now + 5 min and allows 10 s for clock skew. */
export const MAX_ASSERTION_LIFETIME_S = 300;
export const ASSERTION_CLOCK_ALLOWANCE_S = 10;

export type ClientAssertionContext = {
  apiKey: string;
  tokenUrl: string;
  jwks: AppJwksCache;
  usedJtis: Set<string>;
  nowSeconds: () => number;
};

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

export async function verifyClientAssertion(
  assertion: string | null,
  context: ClientAssertionContext,
): Promise<JWTPayload> {
  if (!assertion) fail('missingAssertion');
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    fail('malformedAssertion');
  }
  if (isBlank(header.kid)) fail('assertionKidMissing');
  if (typeof header.typ !== 'string' || header.typ.toLowerCase() !== 'jwt') fail('assertionTyp');
  if (isBlank(claims.iss) || claims.iss !== claims.sub) fail('assertionIssSubMissing');
  if (isBlank(claims.jti)) fail('assertionJtiMissing');
  if (typeof claims.jti !== 'string') fail('assertionJtiInvalid');
  if (isBlank(claims.exp)) fail('assertionExpMissing');
  if (!Number.isInteger(claims.exp)) fail('assertionExpNotInteger');
  const now = context.nowSeconds();
  if (claims.exp! - now > MAX_ASSERTION_LIFETIME_S + ASSERTION_CLOCK_ALLOWANCE_S) {
    fail('assertionExpTooLong');
  }
  if (context.usedJtis.has(claims.jti)) fail('assertionJtiReused');
  context.usedJtis.add(claims.jti);
  if (claims.iss !== context.apiKey) fail('assertionIssSubUnknown');

  const jwks = await context.jwks.get();
  if (jwks.kind === 'not_registered') fail('noPublicKey');
  if (jwks.kind === 'unreachable') fail('jwksUnreachable');
  if (header.alg !== 'RS512') fail('assertionAlg');
  const jwk = jwks.jwks.keys.find((key) => key.kid === header.kid);
  if (!jwk) fail('assertionKidUnknown');
  try {
    await compactVerify(assertion, await importJWK({ ...jwk, alg: 'RS512' }, 'RS512'));
  } catch {
    fail('signature');
  }
  if (claims.aud !== context.tokenUrl) fail('assertionAud');
  if (claims.exp! <= now) fail('assertionExpired');
  return claims;
}
