/**
 * The subject token (CIS2 ID token) checks of APIM's token exchange, in APIM's order
 * (identity-service-api validate-subject-token-claims.js, then SelectIdTokenIssuer and
 * VerifyJWT.SubjectToken): decode, kid, typ, alg, exp (present, integer, not expired), iss
 * present, aud present, iss = the environment's CIS2 issuer exactly, kid in the CIS2 JWKS,
 * signature.
 */
import {
  compactVerify,
  decodeJwt,
  decodeProtectedHeader,
  type JWTPayload,
  type createRemoteJWKSet,
} from 'jose';
import { fail } from './errors';

export type SubjectTokenContext = {
  cis2Issuer: string;
  cis2Jwks: ReturnType<typeof createRemoteJWKSet>;
  nowSeconds: () => number;
};

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

export async function verifySubjectToken(
  subjectToken: string | null,
  context: SubjectTokenContext,
): Promise<JWTPayload> {
  if (!subjectToken) fail('missingSubjectToken');
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(subjectToken);
    claims = decodeJwt(subjectToken);
  } catch {
    fail('malformedSubjectToken');
  }
  if (isBlank(header.kid)) fail('subjectKidMissing');
  // CIS2 always sends `typ: JWT`; APIM refuses an ID token without it.
  if (typeof header.typ !== 'string' || header.typ.toLowerCase() !== 'jwt') fail('subjectTyp');
  if (isBlank(header.alg)) fail('subjectAlgMissing');
  if (isBlank(claims.exp)) fail('subjectExpMissing');
  if (!Number.isInteger(claims.exp)) fail('subjectExpNotInteger');
  if (claims.exp! <= context.nowSeconds()) fail('subjectExpired');
  if (isBlank(claims.iss)) fail('subjectIssMissing');
  if (isBlank(claims.aud)) fail('subjectAudMissing');
  if (claims.iss !== context.cis2Issuer) fail('subjectIssMismatch');
  try {
    await compactVerify(subjectToken, context.cis2Jwks, { algorithms: ['RS256', 'RS512'] });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWKS_NO_MATCHING_KEY') fail('subjectKidUnknown');
    if (code?.startsWith('ERR_JWS_') || code === 'ERR_JOSE_ALG_NOT_ALLOWED') fail('signature');
    // The CIS2 JWKS could not be fetched: APIM answers with its catch-all 500.
    throw error;
  }
  return claims;
}
