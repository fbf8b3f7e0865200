/**
 * APIM's `POST /oauth2/token` for a user-restricted app with separate authentication: RFC 8693
 * token exchange of a CIS2 ID token (signed JWT client assertion) and refresh with the API key
 * and secret. Every refusal is APIM's own body (errors.ts); every number in a success is a string,
 * as Apigee sends it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { createRemoteJWKSet } from 'jose';
import { readBody, sendJson } from '../../lib/http';
import type { AppJwksCache } from './app-jwks';
import { verifyClientAssertion } from './client-assertion';
import { fail } from './errors';
import { verifySubjectToken } from './subject-token';
import { ACCESS_TOKEN_LIFETIME_S, type Grant, type TokenStore } from './token-store';

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** The e-RS product's user-restricted scopes (APIM filters them by `:aal<level>:`). */
export const ERS_SCOPES = [
  'urn:nhsd:apim:user-nhs-id:aal3:e-referrals-service-api',
  'urn:nhsd:apim:user-nhs-id:aal2:e-referrals-service-api',
];

export type TokenEndpointContext = {
  apiKey: string;
  apiSecret: string | null;
  /** Scopes of the products the app subscribes to. */
  productScopes: string[];
  tokenUrl: string;
  cis2Issuer: string;
  cis2Jwks: ReturnType<typeof createRemoteJWKSet>;
  appJwks: AppJwksCache;
  usedJtis: Set<string>;
  tokens: TokenStore;
  receivedSubjectTokens: Set<string>;
  now: () => number;
};

const nowSeconds = (context: TokenEndpointContext) => () => Math.floor(context.now() / 1000);

function isFormEncoded(req: IncomingMessage): boolean {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/x-www-form-urlencoded';
}

/** CIS2 sends assurance levels as "3" or 3. */
const level = (value: unknown) => Number(value ?? 0);

async function exchange(form: URLSearchParams, context: TokenEndpointContext) {
  if (form.get('subject_token_type') !== ID_TOKEN_TYPE) fail('subjectTokenType');
  if (form.get('client_assertion_type') !== JWT_BEARER) fail('clientAssertionType');
  await verifyClientAssertion(form.get('client_assertion'), {
    apiKey: context.apiKey,
    tokenUrl: context.tokenUrl,
    jwks: context.appJwks,
    usedJtis: context.usedJtis,
    nowSeconds: nowSeconds(context),
  });
  const subjectToken = form.get('subject_token');
  if (subjectToken) context.receivedSubjectTokens.add(subjectToken);
  const claims = await verifySubjectToken(subjectToken, {
    cis2Issuer: context.cis2Issuer,
    cis2Jwks: context.cis2Jwks,
    nowSeconds: nowSeconds(context),
  });

  const aal = level(claims.authentication_assurance_level);
  const scopes = context.productScopes.filter((scope) => scope.includes(`:aal${aal}:`));
  if (scopes.length === 0) fail('noUserRestrictedScope');

  const grant: Grant = {
    apiKey: context.apiKey,
    sub: String(claims.sub),
    idAssuranceLevel: level(claims.id_assurance_level),
    authenticationAssuranceLevel: aal,
    amr: Array.isArray(claims.amr) ? claims.amr.map(String) : [],
    scopes,
    exchangedAt: context.now(),
  };
  const issued = context.tokens.issue(grant, 0);
  return {
    access_token: issued.accessToken,
    expires_in: String(ACCESS_TOKEN_LIFETIME_S),
    token_type: 'Bearer',
    issued_token_type: ACCESS_TOKEN_TYPE,
    refresh_token: issued.refreshToken,
    refresh_token_expires_in: String(issued.refreshTokenExpiresIn),
    refresh_count: String(issued.refreshCount),
  };
}

function refresh(form: URLSearchParams, context: TokenEndpointContext) {
  const clientId = form.get('client_id');
  const clientSecret = form.get('client_secret');
  if (!clientId || clientId !== context.apiKey) fail('clientInvalid');
  if (clientSecret === null) fail('clientSecretMissing');
  if (!context.apiSecret || clientSecret !== context.apiSecret) fail('clientInvalid');
  const refreshToken = form.get('refresh_token');
  if (!refreshToken) fail('refreshMissing');
  const spent = context.tokens.spendRefreshToken(refreshToken, context.apiKey);
  if (!spent.ok) fail(spent.reason === 'expired' ? 'refreshExpired' : 'refreshInvalid');
  const issued = context.tokens.issue(spent.grant, spent.refreshCount);
  return {
    access_token: issued.accessToken,
    expires_in: String(ACCESS_TOKEN_LIFETIME_S),
    token_type: 'Bearer',
    refresh_token: issued.refreshToken,
    refresh_token_expires_in: String(issued.refreshTokenExpiresIn),
    refresh_count: String(issued.refreshCount),
  };
}

/** Throws OAuthError for every refusal; the caller turns it into APIM's body. */
export async function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  context: TokenEndpointContext,
): Promise<void> {
  const raw = await readBody(req);
  if (!isFormEncoded(req)) fail('contentType');
  const form = new URLSearchParams(raw);
  const grantType = form.get('grant_type');
  let body: Record<string, string>;
  if (grantType === 'refresh_token') body = refresh(form, context);
  else if (grantType === TOKEN_EXCHANGE) body = await exchange(form, context);
  else fail('grantType');
  sendJson(res, 200, body, { pragma: 'no-cache' });
}
