/**
 * A local APIM (token exchange and refresh at /oauth2/token) in front of a local e-RS FHIR API
 * (/referrals/FHIR/...), enforcing what the real ones enforce, in their order and with their
 * bodies: APIM's client assertion and subject token checks, then APIM's and e-RS's checks on every
 * e-RS call. Fixtures are the e-RS spec's examples. See README.md beside this file.
 *
 * Test infrastructure only: production code never imports this folder.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet } from 'jose';
import { sendJson } from '../lib/http';
import { createAppJwksCache } from './apim/app-jwks';
import { CATCH_ALL, messageId, OAuthError } from './apim/errors';
import { ERS_SCOPES, handleTokenRequest } from './apim/token-endpoint';
import { createTokenStore, type AccessTokenRecord } from './apim/token-store';
import { createErsFacade, type ErsRequestRecord } from './ers/facade';
import { createFaults, type Fault, type Faults } from './ers/faults';
import { createObjectStore, OBJECT_STORE_PATH, type ObjectStoreRequest } from './ers/object-store';
import { createPdsFacade, PDS_PATH, PDS_SCOPES, type PdsRequestRecord } from './pds/pds-facade';

export { actingContexts } from './ers/rules';
export type { Fault } from './ers/faults';

/** The local APIM app's secret, used to refresh tokens; the local environment passes it to the BFF. */
export const LOCAL_API_SECRET = 'local-apim-api-secret';

export type ApimApp = {
  apiKey: string;
  /**
   * Where APIM fetches the app's public keys (the BFF's /.well-known/jwks.json). `null`: no key
   * registered, and every token exchange gets APIM's 403 "You need to register a public key".
   */
  jwksUrl?: string | null;
  /** The app's secret, for refresh (default LOCAL_API_SECRET). */
  apiSecret?: string;
  /**
   * Scopes of the products the app subscribes to (default: e-RS's and PDS's healthcare-worker
   * scopes, so one exchanged token serves both).
   */
  scopes?: string[];
  /** APIM's end-user organisation allow-list for the app (default: none). */
  allowedOdsCodes?: string[];
  /**
   * The app's ASID, an attribute NHS sets on the APIM application at onboarding (it replaced the
   * HSCN API's XAPI_ASID header). `null`: none set, and every e-RS call gets APIM's 403 "ASID is
   * not configured in the application". Default: LOCAL_ASID.
   */
  asid?: string | null;
};

/** The local APIM app's ASID. */
export const LOCAL_ASID = '200000001234';

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
  /** The clock (epoch ms) for every expiry and the rate limit; tests move it on. */
  now?: () => number;
  /** How long APIM keeps the app's JWKS (default 60 s). */
  appJwksCacheMs?: number;
  /** e-RS's limit per application (default 10 requests per second). */
  rateLimitPerSecond?: number;
  /** PDS's limit per application (default 5 requests per second). */
  pdsRateLimitPerSecond?: number;
  /** How long an A042 object-store URL works (default 5 s). */
  objectStoreUrlTtlMs?: number;
  /** Faults to answer the next requests with (see ers/faults.ts). */
  faults?: { nextResponses?: Fault[] };
};

export type ApimErsStandin = {
  origin: string;
  tokenUrl: string;
  ersBaseUrl: string;
  /** PDS FHIR R4 `GET /Patient/{id}` (pds/pds-facade.ts). */
  pdsBaseUrl: string;
  server: Server;
  /** Every access and refresh token this APIM issued, for leak checks in tests. */
  issuedTokens: Set<string>;
  /** Subject tokens (CIS2 ID tokens) this APIM received, for leak checks in tests. */
  receivedSubjectTokens: Set<string>;
  /** Requests e-RS received, for tests that check what the BFF sent. */
  ersRequests: ErsRequestRecord[];
  /** Requests PDS received. */
  pdsRequests: PdsRequestRecord[];
  /** Requests the A042 object store received (e.g. to check no bearer token is sent there). */
  objectStoreRequests: ObjectStoreRequest[];
  /** Test hook: queue faults (`standin.faults.enqueue({ operation: 'A005', status: 503 })`). */
  faults: Faults;
  /** Test hook: what APIM knows about an access token (scopes, identity, expiry). */
  accessToken(token: string): AccessTokenRecord | undefined;
  /** Test hook: forget the rate-limit history. */
  resetRateLimit(): void;
  /** Test hook: how often the app's JWKS was fetched. */
  appJwksFetches(): number;
  close(): Promise<void>;
};

export async function startApimErsStandin(options: ApimErsStandinOptions): Promise<ApimErsStandin> {
  const server = createServer();
  const host = options.host ?? 'localhost';
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  const tokenUrl = `${origin}/oauth2/token`;
  const ersBaseUrl = `${origin}/referrals/FHIR`;
  const now = options.now ?? Date.now;

  const tokens = createTokenStore(now);
  const receivedSubjectTokens = new Set<string>();
  const faults = createFaults(options.faults?.nextResponses);
  const objectStore = createObjectStore({
    origin,
    ttlMs: options.objectStoreUrlTtlMs ?? 5_000,
    now,
  });
  const appJwks = createAppJwksCache({
    url: options.app.jwksUrl,
    cacheMs: options.appJwksCacheMs ?? 60_000,
    now,
  });
  const tokenContext = {
    apiKey: options.app.apiKey,
    apiSecret: options.app.apiSecret ?? LOCAL_API_SECRET,
    productScopes: options.app.scopes ?? [...ERS_SCOPES, ...PDS_SCOPES],
    tokenUrl,
    cis2Issuer: options.cis2Issuer,
    cis2Jwks: createRemoteJWKSet(new URL(options.cis2JwksUrl)),
    appJwks,
    usedJtis: new Set<string>(),
    tokens,
    receivedSubjectTokens,
    now,
  };
  const facade = createErsFacade({
    ersBaseUrl,
    tokens,
    faults,
    objectStore,
    now,
    rateLimitPerSecond: options.rateLimitPerSecond ?? 10,
    ...(options.app.allowedOdsCodes ? { allowedOdsCodes: options.app.allowedOdsCodes } : {}),
    asid: options.app.asid === undefined ? LOCAL_ASID : options.app.asid,
  });

  const pds = createPdsFacade({
    tokens,
    faults,
    now,
    rateLimitPerSecond: options.pdsRateLimitPerSecond ?? 5,
  });

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    if (path === '/oauth2/token' && req.method === 'POST') {
      const fault = faults.take('token');
      if (fault) {
        setTimeout(
          () => sendJson(res, fault.status, { ...CATCH_ALL, message_id: messageId() }),
          fault.delayMs ?? 0,
        );
        return;
      }
      handleTokenRequest(req, res, tokenContext).catch((error: unknown) => {
        if (error instanceof OAuthError) {
          sendJson(res, error.status, error.body());
        } else {
          console.error('[apim-standin] token endpoint failed', error);
          sendJson(res, 500, { ...CATCH_ALL, message_id: messageId() });
        }
      });
      return;
    }
    if (path === '/__standin/issued-tokens' && options.exposeIssuedTokens) {
      sendJson(res, 200, { tokens: options.exposeIssuedTokens() });
      return;
    }
    if (path.startsWith('/referrals/FHIR/')) {
      void facade.handle(req, res, path.slice('/referrals/FHIR'.length), url.searchParams);
      return;
    }
    if (path.startsWith(`${PDS_PATH}/`)) {
      void pds.handle(req, res, path.slice(PDS_PATH.length));
      return;
    }
    if (path.startsWith(OBJECT_STORE_PATH)) {
      objectStore.handle(req, res, path, url.searchParams);
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  });

  return {
    origin,
    tokenUrl,
    ersBaseUrl,
    pdsBaseUrl: `${origin}${PDS_PATH}`,
    server,
    issuedTokens: tokens.issued,
    receivedSubjectTokens,
    ersRequests: facade.ersRequests,
    pdsRequests: pds.pdsRequests,
    objectStoreRequests: objectStore.requests,
    faults,
    accessToken: (token) => tokens.accessToken(token),
    resetRateLimit: () => {
      facade.rateLimiter.reset();
      pds.rateLimiter.reset();
    },
    appJwksFetches: () => appJwks.fetches,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
