/**
 * The signed JWT that authenticates the BFF to APIM's token endpoint (NHS "signed JWT
 * authentication"): RS512, `typ: JWT`, `kid` from our published JWKS, `iss` = `sub` = API key,
 * `aud` = the exact token URL, a fresh `jti` on every attempt (APIM refuses a reused one).
 */
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { SigningKey } from '../config/signing-key';

/**
 * The only algorithm APIM accepts for client assertions, whatever CIS2 was registered with
 * (config refuses another APIM_SIGNING_ALG; jose refuses to sign with a key imported for one).
 */
export const APIM_CLIENT_ASSERTION_ALG = 'RS512';

/** APIM refuses `exp` more than 300 s ahead; 240 s leaves room for clock skew. */
export const CLIENT_ASSERTION_LIFETIME_SECONDS = 240;

export function createClientAssertion(params: {
  apiKey: string;
  tokenUrl: string;
  key: SigningKey;
  nowSeconds: number;
}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: APIM_CLIENT_ASSERTION_ALG, typ: 'JWT', kid: params.key.kid })
    .setIssuer(params.apiKey)
    .setSubject(params.apiKey)
    .setAudience(params.tokenUrl)
    .setJti(randomUUID())
    .setIssuedAt(params.nowSeconds)
    .setExpirationTime(params.nowSeconds + CLIENT_ASSERTION_LIFETIME_SECONDS)
    .sign(params.key.privateKey);
}
