/**
 * A local APIM (token exchange at /oauth2/token) in front of a local e-RS FHIR API
 * (/referrals/FHIR/...), enforcing what the real ones enforce: the client assertion and subject
 * token checks with APIM's own error bodies, then the e-RS bearer, assurance, ODS and
 * business-function checks with e-RS OperationOutcomes. Fixtures are the e-RS spec's examples.
 *
 * Test infrastructure only: production code never imports this folder.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
} from 'jose';
import { readBody, sendJson } from '../lib/http';
import { findPersona, type Persona } from '../personas';
import referralRequests from './fixtures/referral-requests.json' with { type: 'json' };

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ACCESS_TOKEN_LIFETIME_S = 599;
const REFRESH_WINDOW_S = 43_199;
/** e-RS's live limit, per application. */
const RATE_LIMIT_PER_SECOND = 10;

export type ApimApp = {
  apiKey: string;
  /** Where APIM fetches the app's public keys (the BFF's /.well-known/jwks.json). */
  jwksUrl: string;
};

export type ApimErsStandinOptions = {
  port: number;
  host?: string;
  /** The CIS2 issuer whose ID tokens APIM accepts, compared exactly. */
  cis2Issuer: string;
  cis2JwksUrl: string;
  app: ApimApp;
  /**
   * For end-to-end leak checks only: serves every token the stand-ins issued at
   * GET /__standin/issued-tokens. Never part of a real APIM, never on by default.
   */
  exposeIssuedTokens?: () => string[];
};

type IssuedToken = {
  apiKey: string;
  sub: string;
  idAssuranceLevel: number;
  authenticationAssuranceLevel: number;
  expiresAt: number;
};

export type ApimErsStandin = {
  origin: string;
  tokenUrl: string;
  ersBaseUrl: string;
  server: Server;
  issuedTokens: Set<string>;
  /** Subject tokens (CIS2 ID tokens) this APIM received, for leak checks in tests. */
  receivedSubjectTokens: Set<string>;
  /** Requests e-RS received, for tests that check what the BFF sent. */
  ersRequests: Array<{
    method: string;
    path: string;
    headers: Record<string, string | string[] | undefined>;
  }>;
  close(): Promise<void>;
};

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

const fail = (status: number, error: string, description: string): never => {
  throw new OAuthError(status, error, description);
};

function operationOutcome(code: string, detailsCode: string, diagnostics?: string) {
  return {
    resourceType: 'OperationOutcome',
    meta: {
      lastUpdated: new Date().toISOString(),
      profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/eRS-OperationOutcome-1'],
    },
    issue: [
      {
        severity: 'error',
        code,
        details: {
          coding: [
            { system: 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-APIErrorCode-1', code: detailsCode },
          ],
        },
        ...(diagnostics ? { diagnostics } : {}),
      },
    ],
  };
}

/** The (ODS, business function) pairs a persona may act in, as e-RS A030 would list them. */
const ACTIVITY_TO_BUSINESS_FUNCTION: Record<string, string> = {
  B1101: 'REFERRING_CLINICIAN',
  B1102: 'REFERRING_CLINICIAN_ADMIN',
  B1103: 'REFERRING_ADMIN',
  B1110: 'SERVICE_PROVIDER_CLINICIAN',
  B1115: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
  B1120: 'SERVICE_PROVIDER_ADMIN',
};
export function actingContexts(
  persona: Persona,
): Array<{ odsCode: string; businessFunction: string }> {
  return persona.roles.flatMap((role) =>
    role.activityCodes
      .map((code) => ACTIVITY_TO_BUSINESS_FUNCTION[code])
      .filter((bf): bf is string => bf !== undefined)
      .map((businessFunction) => ({ odsCode: role.orgCode, businessFunction })),
  );
}

/** Business functions e-RS allows to retrieve a referral (A005). */
const A005_BUSINESS_FUNCTIONS = new Set([
  'REFERRING_CLINICIAN',
  'REFERRING_CLINICIAN_ADMIN',
  'SERVICE_PROVIDER_CLINICIAN',
  'SERVICE_PROVIDER_CLINICIAN_ADMIN',
]);

export async function startApimErsStandin(options: ApimErsStandinOptions): Promise<ApimErsStandin> {
  const server = createServer();
  const host = options.host ?? 'localhost';
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  const tokenUrl = `${origin}/oauth2/token`;
  const ersBaseUrl = `${origin}/referrals/FHIR`;

  const cis2Jwks = createRemoteJWKSet(new URL(options.cis2JwksUrl));
  const appJwks = createRemoteJWKSet(new URL(options.app.jwksUrl), { cooldownDuration: 0 });
  const usedJtis = new Set<string>();
  const tokens = new Map<string, IssuedToken>();
  const issuedTokens = new Set<string>();
  const receivedSubjectTokens = new Set<string>();
  const ersRequests: ApimErsStandin['ersRequests'] = [];
  const recentCalls: number[] = [];

  async function verifyClientAssertion(assertion: string | null) {
    if (!assertion) fail(400, 'invalid_request', 'Missing client_assertion');
    let header;
    let claims: JWTPayload;
    try {
      header = decodeProtectedHeader(assertion!);
      claims = decodeJwt(assertion!);
    } catch {
      return fail(400, 'invalid_request', 'Malformed JWT in client_assertion');
    }
    if (!header.kid) fail(400, 'invalid_request', "Missing 'kid' header in client_assertion JWT");
    if (header.typ?.toUpperCase() !== 'JWT') {
      fail(400, 'invalid_request', "Invalid 'typ' header in client_assertion JWT - must be 'JWT'");
    }
    if (header.alg !== 'RS512') {
      fail(
        400,
        'invalid_request',
        "Invalid 'alg' header in client_assertion JWT - unsupported JWT algorithm - must be 'RS512'",
      );
    }
    if (!claims.iss || claims.iss !== claims.sub) {
      fail(
        400,
        'invalid_request',
        "Missing or non-matching 'iss'/'sub' claims in client_assertion JWT",
      );
    }
    if (claims.iss !== options.app.apiKey) {
      fail(401, 'invalid_request', "Invalid 'iss'/'sub' claims in client_assertion JWT");
    }
    if (!claims.jti) fail(400, 'invalid_request', "Missing 'jti' claim in client_assertion JWT");
    if (typeof claims.jti !== 'string') {
      fail(
        400,
        'invalid_request',
        "Invalid 'jti' claim in client_assertion JWT - must be a unique string value such as a GUID",
      );
    }
    if (usedJtis.has(claims.jti!))
      fail(400, 'invalid_request', "Non-unique 'jti' claim in client_assertion JWT");
    if (claims.aud !== tokenUrl)
      fail(401, 'invalid_request', "Missing or invalid 'aud' claim in client_assertion JWT");
    if (claims.exp === undefined)
      fail(400, 'invalid_request', "Missing 'exp' claim in client_assertion JWT");
    if (!Number.isInteger(claims.exp)) {
      fail(
        400,
        'invalid_request',
        "Invalid 'exp' claim in client_assertion JWT - must be an integer",
      );
    }
    const now = Math.floor(Date.now() / 1000);
    if (claims.exp! > now + 300) {
      fail(
        400,
        'invalid_request',
        "Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future",
      );
    }
    if (claims.exp! <= now)
      fail(400, 'invalid_request', "Invalid 'exp' claim in client_assertion JWT - JWT has expired");
    try {
      await jwtVerify(assertion!, appJwks, { algorithms: ['RS512'] });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWKS_NO_MATCHING_KEY') {
        fail(
          401,
          'invalid_request',
          "Invalid 'kid' header in client_assertion JWT - no matching public key",
        );
      }
      if (
        code === 'ERR_JWKS_TIMEOUT' ||
        code === 'ERR_JWKS_INVALID' ||
        code === 'ERR_JOSE_GENERIC'
      ) {
        fail(
          403,
          'public_key error',
          "The JWKS endpoint, for your client_assertion can't be reached",
        );
      }
      fail(401, 'public_key error', 'JWT signature verification failed');
    }
    usedJtis.add(claims.jti!);
  }

  async function verifySubjectToken(subjectToken: string | null) {
    if (!subjectToken) fail(400, 'invalid_request', 'Missing subject_token');
    let header;
    let claims: JWTPayload;
    try {
      header = decodeProtectedHeader(subjectToken!);
      claims = decodeJwt(subjectToken!);
    } catch {
      return fail(400, 'invalid_request', 'Malformed JWT in subject_token');
    }
    if (!header.kid) fail(400, 'invalid_request', "Missing 'kid' header in subject_token JWT");
    // ForgeRock sends typ JWT; oidc-provider sends none. A present typ must be JWT.
    if (header.typ !== undefined && header.typ.toUpperCase() !== 'JWT') {
      fail(400, 'invalid_request', "Invalid 'typ' header in subject_token JWT - must be 'JWT'");
    }
    if (!claims.iss) fail(400, 'invalid_request', "Missing 'iss' claim in subject_token JWT");
    if (claims.iss !== options.cis2Issuer)
      fail(400, 'invalid_request', "Missing or non-matching 'iss' claim in subject_token JWT");
    if (!claims.aud) fail(401, 'invalid_request', "Missing 'aud' claim in subject_token JWT");
    if (claims.exp === undefined)
      fail(400, 'invalid_request', "Missing 'exp' claim in subject_token JWT");
    if (!Number.isInteger(claims.exp))
      fail(400, 'invalid_request', "Invalid 'exp' claim in subject_token JWT - must be an integer");
    if (claims.exp! <= Math.floor(Date.now() / 1000)) {
      fail(400, 'invalid_request', "Invalid 'exp' claim in subject_token JWT - JWT has expired");
    }
    try {
      await jwtVerify(subjectToken!, cis2Jwks, { issuer: options.cis2Issuer });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_JWKS_NO_MATCHING_KEY') {
        fail(
          401,
          'invalid_request',
          "Invalid 'kid' header in subject_token JWT - no matching public key",
        );
      }
      fail(401, 'public_key error', 'JWT signature verification failed');
    }
    return claims;
  }

  async function handleToken(req: IncomingMessage, res: ServerResponse) {
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      fail(415, 'invalid_request', 'Content-Type header must be application/x-www-form-urlencoded');
    }
    const form = new URLSearchParams(await readBody(req));
    if (form.get('grant_type') !== TOKEN_EXCHANGE)
      fail(400, 'invalid_request', 'grant_type is invalid');
    if (form.get('subject_token_type') !== ID_TOKEN_TYPE) {
      fail(
        400,
        'invalid_request',
        "missing or invalid subject_token_type - must be 'urn:ietf:params:oauth:token-type:id_token'",
      );
    }
    if (form.get('client_assertion_type') !== JWT_BEARER) {
      fail(
        400,
        'invalid_request',
        "Missing or invalid client_assertion_type - must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'",
      );
    }
    await verifyClientAssertion(form.get('client_assertion'));
    const subjectToken = form.get('subject_token');
    if (subjectToken) receivedSubjectTokens.add(subjectToken);
    const claims = await verifySubjectToken(subjectToken);

    const accessToken = randomBytes(24).toString('base64url');
    const refreshToken = randomBytes(24).toString('base64url');
    tokens.set(accessToken, {
      apiKey: options.app.apiKey,
      sub: String(claims.sub),
      idAssuranceLevel: Number(claims.id_assurance_level ?? 0),
      authenticationAssuranceLevel: Number(claims.authentication_assurance_level ?? 0),
      expiresAt: Date.now() + ACCESS_TOKEN_LIFETIME_S * 1000,
    });
    issuedTokens.add(accessToken).add(refreshToken);
    // Apigee sends every number as a string.
    sendJson(res, 200, {
      access_token: accessToken,
      expires_in: String(ACCESS_TOKEN_LIFETIME_S),
      token_type: 'Bearer',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      refresh_token: refreshToken,
      refresh_token_expires_in: String(REFRESH_WINDOW_S),
      refresh_count: '0',
    });
  }

  function ersAuthorise(
    req: IncomingMessage,
  ): { persona: Persona } | { status: number; body: unknown } {
    const authorization = req.headers.authorization ?? '';
    const token = authorization.startsWith('Bearer ')
      ? tokens.get(authorization.slice(7))
      : undefined;
    if (!token || token.expiresAt <= Date.now()) {
      return { status: 401, body: operationOutcome('login', 'NO_ACCESS', 'Invalid access token') };
    }
    if (token.idAssuranceLevel < 3) {
      return {
        status: 401,
        body: operationOutcome(
          'forbidden',
          'NO_ACCESS',
          "We couldn't verify your identity. Contact your local Registration Authority or IT department for help.",
        ),
      };
    }
    if (token.authenticationAssuranceLevel < 2) {
      return {
        status: 401,
        body: operationOutcome(
          'login',
          'NO_ACCESS',
          'The authentication method utilised is not currently supported. Contact your local Registration Authority or IT department for help.',
        ),
      };
    }
    const persona = findPersona(token.sub);
    if (!persona) return { status: 401, body: operationOutcome('login', 'NO_ACCESS') };
    const ods = req.headers['nhsd-end-user-organisation-ods'];
    if (typeof ods !== 'string' || ods === '') {
      return {
        status: 400,
        body: operationOutcome(
          'required',
          'MISSING_HEADER',
          'Missing or Empty NHSD-End-User-Organisation-ODS header.',
        ),
      };
    }
    const businessFunction = req.headers['nhsd-ers-business-function'];
    const allowed = actingContexts(persona).some(
      (context) => context.odsCode === ods && context.businessFunction === businessFunction,
    );
    if (!allowed) {
      return {
        status: 403,
        body: operationOutcome(
          'forbidden',
          'FORBIDDEN',
          'User does not have the required Business Function at the specified Organisation.',
        ),
      };
    }
    return { persona };
  }

  function handleErs(req: IncomingMessage, res: ServerResponse, path: string) {
    ersRequests.push({ method: req.method ?? 'GET', path, headers: { ...req.headers } });
    const requestId = randomUUID();
    const headers: Record<string, string> = { 'X-Request-ID': requestId };
    const correlationId = req.headers['x-correlation-id'];
    if (typeof correlationId === 'string') headers['X-Correlation-ID'] = correlationId;

    const now = Date.now();
    while (recentCalls.length > 0 && recentCalls[0]! <= now - 1000) recentCalls.shift();
    if (recentCalls.length >= RATE_LIMIT_PER_SECOND) {
      // STU3 429s have an empty body.
      res.writeHead(429, headers).end();
      return;
    }
    recentCalls.push(now);

    const match = /^\/STU3\/ReferralRequest\/([^/?]+)$/.exec(path);
    if (req.method !== 'GET' || !match) {
      sendJson(
        res,
        404,
        operationOutcome('not-found', 'REFERENCE_NOT_FOUND', 'Unknown operation'),
        headers,
      );
      return;
    }
    const auth = ersAuthorise(req);
    if ('status' in auth) {
      sendJson(res, auth.status, auth.body, headers);
      return;
    }
    const businessFunction = String(req.headers['nhsd-ers-business-function']);
    if (!A005_BUSINESS_FUNCTIONS.has(businessFunction)) {
      sendJson(
        res,
        403,
        operationOutcome(
          'forbidden',
          'FORBIDDEN',
          `Business Function (${businessFunction}) is not authorised for this operation.`,
        ),
        headers,
      );
      return;
    }
    const fixture = (
      referralRequests as Record<string, { resource: { meta?: { versionId?: string } } }>
    )[match[1]!];
    if (!fixture) {
      sendJson(
        res,
        404,
        operationOutcome(
          'not-found',
          'REFERENCE_NOT_FOUND',
          `ReferralRequest ${match[1]} not found`,
        ),
        headers,
      );
      return;
    }
    res.writeHead(200, {
      ...headers,
      'content-type': 'application/fhir+json',
      ETag: `W/"${fixture.resource.meta?.versionId ?? '1'}"`,
    });
    res.end(JSON.stringify(fixture.resource));
  }

  server.on('request', (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/oauth2/token' && req.method === 'POST') {
      handleToken(req, res).catch((error: unknown) => {
        if (error instanceof OAuthError) {
          sendJson(res, error.status, {
            error: error.error,
            error_description: error.description,
            message_id: `rrt-${randomUUID()}`,
          });
        } else {
          console.error('[apim-standin] token endpoint failed', error);
          sendJson(res, 500, {
            error: 'unknown_error',
            error_description: 'An unknown error occurred processing this request.',
            message_id: `rrt-${randomUUID()}`,
          });
        }
      });
      return;
    }
    if (path === '/__standin/issued-tokens' && options.exposeIssuedTokens) {
      sendJson(res, 200, { tokens: options.exposeIssuedTokens() });
      return;
    }
    if (path.startsWith('/referrals/FHIR/')) {
      handleErs(req, res, path.slice('/referrals/FHIR'.length));
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  });

  return {
    origin,
    tokenUrl,
    ersBaseUrl,
    server,
    issuedTokens,
    receivedSubjectTokens,
    ersRequests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
