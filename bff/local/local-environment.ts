/**
 * The whole local environment in one process: the CIS2 stand-in, the APIM + e-RS stand-in and
 * the BFF configured against them, with keys generated now (never committed). Used by
 * `npm start`, the integration tests and the Playwright suites.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { loadConfig, type Config } from '../src/config/config';
import { loadSigningKeys, signingPublicJwk } from '../src/config/signing-key';
import { createBff, type BffOverrides } from '../src/server';
import { createLogger } from '../src/logging/logger';
import {
  LOCAL_API_SECRET,
  startApimErsStandin,
  type ApimErsStandin,
} from '../standins/apim-ers/apim-ers-standin';
import {
  startCis2Standin,
  type Cis2Standin,
  type Cis2StandinOptions,
} from '../standins/cis2/cis2-standin';
import { listenFirst } from './listen-first';

export type LocalEnvironmentOptions = {
  /** 0 picks free ports (tests); `npm start` uses 3000-3002. */
  bffPort?: number;
  cis2Port?: number;
  apimPort?: number;
  webDistDir?: string;
  /**
   * The origin the browser uses, when something sits in front of the BFF (`npm run dev`: Vite's
   * dev server, which proxies to it): PUBLIC_ORIGIN and the redirect URIs CIS2 registers. The
   * BFF's own origin unless set.
   */
  publicOrigin?: string;
  logLevel?: string;
  logDestination?: DestinationStream;
  /** Serve the stand-ins' issued tokens for the Playwright leak check (see apim-ers-standin). */
  exposeIssuedTokens?: boolean;
  /** The e-RS stand-in's per-application limit (default e-RS's live 10/s); benchmarks raise it. */
  standinRateLimitPerSecond?: number;
  /** The PDS stand-in's per-application limit (default PDS's 5/s); tests not about it raise it. */
  standinPdsRateLimitPerSecond?: number;
  /** Extra configuration, e.g. shorter timeouts in tests. */
  env?: Record<string, string>;
  /** Passed to createBff, e.g. in-memory telemetry exporters in tests. */
  bffOverrides?: BffOverrides;
};

export type LocalEnvironment = {
  /** Where the browser goes: `publicOrigin`, or the BFF's own. */
  origin: string;
  config: Config;
  cis2: Cis2Standin;
  apimErs: ApimErsStandin;
  /** Every token the stand-ins issued or were sent: none may reach a browser or a log. */
  tokens(): string[];
  close(): Promise<void>;
};

export const LOCAL_CLIENT_ID = 'ers-reference-client.apps.supplier';
export const LOCAL_API_KEY = 'local-apim-api-key';

/** The BFF at `origin` as the CIS2 stand-in registers it: its redirect URIs and its key. */
export function cis2ClientRegistration(
  origin: string,
  publicJwk: Cis2StandinOptions['client']['publicJwk'],
  authSigningAlg: string,
): Cis2StandinOptions['client'] {
  return {
    clientId: LOCAL_CLIENT_ID,
    redirectUri: `${origin}/bff/callback`,
    postLogoutRedirectUri: `${origin}/signed-out`,
    publicJwk,
    authSigningAlg,
    backchannelLogoutUri: `${origin}/bff/backchannel-logout`,
  };
}

/** A fresh RSA key for one run: never written to disk, never committed. */
export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export async function startLocalEnvironment(
  options: LocalEnvironmentOptions = {},
): Promise<LocalEnvironment> {
  // The BFF listens first so its origin (with the real port) can be registered at the stand-ins.
  const bffServer = await listenFirst(options.bffPort ?? 0);
  const origin = options.publicOrigin ?? bffServer.origin;

  const signingKeyPem = generateSigningKeyPem();
  const signingKeyId = `local-${randomBytes(4).toString('hex')}`;
  const cis2SigningAlg = options.env?.CIS2_SIGNING_ALG ?? 'RS512';
  // CIS2 registers the public key the BFF publishes.
  const publicJwk = signingPublicJwk(
    await loadSigningKeys(signingKeyPem, signingKeyId, { cis2: cis2SigningAlg, apim: 'RS512' }),
  );

  // CIS2 registers a client for one way of authenticating: the one the BFF is configured with.
  const clientSecret =
    options.env?.CIS2_CLIENT_AUTH === 'client_secret_post'
      ? options.env.CIS2_CLIENT_SECRET
      : undefined;
  const cis2 = await startCis2Standin({
    port: options.cis2Port ?? 0,
    client: {
      // CIS2 registers the client's private_key_jwt algorithm; the BFF's setting must match it.
      ...cis2ClientRegistration(origin, publicJwk, cis2SigningAlg),
      ...(clientSecret ? { secret: clientSecret } : {}),
    },
  });
  const tokens = () => [
    ...cis2.issuedTokens,
    ...apimErs.issuedTokens,
    ...apimErs.receivedSubjectTokens,
  ];
  const apimErs = await startApimErsStandin({
    port: options.apimPort ?? 0,
    cis2Issuer: cis2.issuer,
    cis2JwksUrl: `${cis2.issuer}/connect/jwk_uri`,
    ...(options.standinRateLimitPerSecond
      ? { rateLimitPerSecond: options.standinRateLimitPerSecond }
      : {}),
    ...(options.standinPdsRateLimitPerSecond
      ? { pdsRateLimitPerSecond: options.standinPdsRateLimitPerSecond }
      : {}),
    app: { apiKey: LOCAL_API_KEY, jwksUrl: `${origin}/.well-known/jwks.json` },
    ...(options.exposeIssuedTokens ? { exposeIssuedTokens: tokens } : {}),
  });

  const config = loadConfig({
    PORT: String(bffServer.port),
    ERS_ENV: 'local',
    PUBLIC_ORIGIN: origin,
    CIS2_ISSUER: cis2.issuer,
    CIS2_CLIENT_ID: LOCAL_CLIENT_ID,
    CIS2_CLIENT_AUTH: 'private_key_jwt',
    APIM_TOKEN_URL: apimErs.tokenUrl,
    APIM_API_KEY: LOCAL_API_KEY,
    APIM_API_SECRET: LOCAL_API_SECRET,
    ERS_BASE_URL: apimErs.ersBaseUrl,
    PDS_BASE_URL: apimErs.pdsBaseUrl,
    SIGNING_KEY_PEM: signingKeyPem,
    SIGNING_KEY_ID: signingKeyId,
    LOG_LEVEL: options.logLevel ?? 'info',
    ...(options.webDistDir ? { WEB_DIST_DIR: options.webDistDir } : {}),
    ...options.env,
  });
  const log = createLogger(config.LOG_LEVEL, options.logDestination);
  const bffInstance = await createBff(config, log, options.bffOverrides);
  const { app } = bffInstance;
  bffServer.attach(app.fetch);

  return {
    origin,
    config,
    cis2,
    apimErs,
    tokens,
    async close() {
      await Promise.all([bffServer.close(), cis2.close(), apimErs.close(), bffInstance.close()]);
    },
  };
}
