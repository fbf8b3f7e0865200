/**
 * Configuration -> dependencies -> app: the BFF's composition root. The same function serves the
 * local stand-ins, the public sandbox and INT/live: only the configuration differs. main.ts
 * serves what it returns; tests and the local environment call it with overrides.
 */
import { randomBytes } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { bffPaths } from '@ers/shared/bff-contract';
import { createApimClient } from './apim/token-exchange';
import { createTokenManager, type TokenManagerEvent } from './apim/token-manager';
import { createApp } from './app';
import { createCis2Client } from './auth/cis2-client';
import type { Config } from './config/config';
import { loadSigningKeys, publishedJwks } from './config/signing-key';
import { createErsConnection } from './ers/connection';
import {
  createKeyedTokenBucketLimiter,
  createStoreKeyedLimiter,
  createStoreRateLimiter,
  createTokenBucketLimiter,
  type KeyedRateLimiter,
  type RateLimit,
  type RateLimiter,
} from './ers/rate-limiter';
import type { Logger } from './logging/logger';
import { recordTokenRenewal } from './observability/metrics';
import { startTelemetry, type TelemetryExport } from './observability/sdk';
import { createPdsConnection } from './pds/connection';
import { createMemoryStore } from './session/memory-store';
import { createRedisStore } from './session/redis-store';
import { SESSION_KEY_BYTES } from './session/session-crypto';
import { createSessionManager } from './session/session-manager';
import { withDeadlines, type KeyValueStore } from './session/store';

export type BffOverrides = {
  fetch?: typeof fetch;
  now?: () => number;
  store?: KeyValueStore;
  /** Where e-RS calls go (undici): tests pass a MockAgent. */
  ersDispatcher?: Dispatcher;
  /** The audit stream; by default the log's destination, tagged `stream: audit`. */
  audit?: Logger;
  /** Told of every access-token renewal (the benchmark and tests count them). */
  tokenEvents?: (event: TokenManagerEvent) => void;
  /**
   * Takes the place of the e-RS rate limiter ERS_RATE_LIMIT_PER_SECOND configures: the
   * benchmark passes one that never refuses, to measure the BFF's own capacity rather than
   * the limit's. Nothing in production passes one.
   */
  ersLimiter?: RateLimiter;
  /** The same for each session's share (ERS_SESSION_RATE_LIMIT_PER_SECOND). */
  ersSessionLimiter?: KeyedRateLimiter;
  /** With OTEL_ENABLED=true, where spans and metrics go instead of OTLP (tests: in memory). */
  telemetry?: TelemetryExport;
};

const rateLimit = (perSecond: number): RateLimit => ({
  perSecond,
  burst: Math.max(1, Math.round(perSecond)),
});

/** Redis when configured (shared by every instance), else this process's memory. */
function selectStore(config: Config, log: Logger, now: () => number): KeyValueStore {
  if (!config.REDIS_URL) return createMemoryStore(now);
  return createRedisStore({
    url: config.REDIS_URL,
    keyPrefix: config.REDIS_KEY_PREFIX,
    onError: (error) => log.warn({ err: error }, 'session store connection problem'),
  });
}

/** Config insists on the key with Redis; in memory, sessions die with the process anyway. */
function sessionEncryptionKey(config: Config): Buffer {
  return config.SESSION_ENCRYPTION_KEY
    ? Buffer.from(config.SESSION_ENCRYPTION_KEY, 'base64url')
    : randomBytes(SESSION_KEY_BYTES);
}

export async function createBff(config: Config, log: Logger, overrides: BffOverrides = {}) {
  const fetchImpl = overrides.fetch ?? globalThis.fetch;
  const now = overrides.now ?? Date.now;
  // Off by default: no SDK, and every span and instrument is the API's no-op.
  const telemetry =
    config.OTEL_ENABLED === 'true' ? startTelemetry(log, overrides.telemetry) : null;
  const keys = await loadSigningKeys(config.SIGNING_KEY_PEM, config.SIGNING_KEY_ID, {
    cis2: config.CIS2_SIGNING_ALG,
    apim: config.APIM_SIGNING_ALG,
  });
  // Every command under our own deadline, whichever store: a frozen one fails requests with a
  // 503 when the deadline passes instead of holding them (session/store.ts).
  const ownStore = overrides.store ?? selectStore(config, log, now);
  const store = withDeadlines(ownStore);

  const cis2 = createCis2Client({
    issuer: config.CIS2_ISSUER,
    clientId: config.CIS2_CLIENT_ID,
    redirectUri: new URL(bffPaths.callback, config.PUBLIC_ORIGIN).toString(),
    acrValues: config.CIS2_ACR_VALUES,
    clientAuth:
      config.CIS2_CLIENT_AUTH === 'private_key_jwt'
        ? { method: 'private_key_jwt', key: keys.cis2 }
        : { method: 'client_secret_post', secret: config.CIS2_CLIENT_SECRET ?? '' },
    allowInsecureHttp: config.ALLOW_INSECURE_HTTP === 'local',
    fetch: fetchImpl,
    now,
  });

  const sessions = createSessionManager({
    store,
    idleMs: config.SESSION_IDLE_MINUTES * 60_000,
    absoluteMs: config.SESSION_ABSOLUTE_MINUTES * 60_000,
    now,
    encryptionKey: sessionEncryptionKey(config),
    concurrency: config.SESSION_CONCURRENCY,
    // Without Redis, sessions live in this process's memory and end with it.
    sessionsEndWithProcess: !config.REDIS_URL,
  });
  // The public sandbox takes no token: no APIM at all.
  const apim =
    config.ERS_ENV === 'sandbox' || !config.APIM_TOKEN_URL || !config.APIM_API_KEY
      ? null
      : createApimClient({
          tokenUrl: config.APIM_TOKEN_URL,
          apiKey: config.APIM_API_KEY,
          apiSecret: config.APIM_API_SECRET,
          key: keys.apim,
          now,
          fetch: fetchImpl,
        });
  const accessTokens = createTokenManager({
    apim,
    sessions,
    store,
    now,
    log,
    observe: telemetry
      ? (event) => {
          recordTokenRenewal(event);
          overrides.tokenEvents?.(event);
        }
      : overrides.tokenEvents,
  });
  const ersRateLimit = rateLimit(config.ERS_RATE_LIMIT_PER_SECOND);
  const sessionRateLimit = rateLimit(
    Math.min(config.ERS_SESSION_RATE_LIMIT_PER_SECOND, config.ERS_RATE_LIMIT_PER_SECOND),
  );
  const onStoreError = (error: unknown) => log.warn({ err: error }, 'rate limiter store problem');
  const ers = createErsConnection({
    baseUrl: config.ERS_BASE_URL,
    dispatcher: overrides.ersDispatcher,
    // e-RS's limit is per application: shared through Redis when instances share sessions.
    limiter:
      overrides.ersLimiter ??
      (config.REDIS_URL
        ? createStoreRateLimiter({ store, limit: ersRateLimit, onStoreError })
        : createTokenBucketLimiter(ersRateLimit)),
    // A session's requests may reach any instance: its share is kept where its session is.
    sessionLimiter:
      overrides.ersSessionLimiter ??
      (config.REDIS_URL
        ? createStoreKeyedLimiter({ store, limit: sessionRateLimit, onStoreError })
        : createKeyedTokenBucketLimiter(sessionRateLimit)),
    // Plain http and loopback only for the local stand-ins, which serve it on this machine.
    objectStore: {
      hosts: config.ERS_OBJECT_STORE_HOSTS,
      allowHttp: config.ALLOW_INSECURE_HTTP === 'local',
      allowLoopback: config.ALLOW_INSECURE_HTTP === 'local',
    },
  });

  const pdsRateLimit = rateLimit(config.PDS_RATE_LIMIT_PER_SECOND);
  const pds = config.PDS_BASE_URL
    ? createPdsConnection({
        baseUrl: config.PDS_BASE_URL,
        dispatcher: overrides.ersDispatcher,
        // Per application, like e-RS's: shared through Redis under a key of its own.
        limiter: config.REDIS_URL
          ? createStoreRateLimiter({ store, limit: pdsRateLimit, onStoreError, key: 'pds-rate:' })
          : createTokenBucketLimiter(pdsRateLimit),
      })
    : null;

  const app = createApp({
    log,
    store,
    sessions,
    cis2,
    apim,
    accessTokens,
    ers,
    pds,
    pdsIsSandbox: config.ERS_ENV === 'sandbox',
    audit: overrides.audit,
    publicJwks: publishedJwks(keys, config.ADDITIONAL_PUBLIC_JWKS),
    https: config.PUBLIC_ORIGIN.startsWith('https://'),
    publicOrigin: config.PUBLIC_ORIGIN,
    logout: config.CIS2_LOGOUT,
    now,
    webDistDir: config.WEB_DIST_DIR,
  });
  // A store passed in belongs to the caller, who closes it.
  const close = async () => {
    await ers.close();
    await pds?.close();
    if (!overrides.store) await ownStore.close();
    await telemetry?.shutdown();
  };
  return { app, cis2, close };
}
