/**
 * Wires the BFF from configuration. The same function serves the local stand-ins, the public
 * sandbox and INT/live: only the configuration differs.
 */
import type { Config } from '../config/config';
import { loadSigningKey } from '../config/signing-key';
import { createApimClient } from '../apim/token-exchange';
import { createCis2Client } from '../auth/cis2-client';
import { createErsClient } from '../ers/ers-client';
import type { Logger } from '../logging/logger';
import { createMemoryStore } from '../session/memory-store';
import { createSessionManager } from '../session/session-manager';
import type { KeyValueStore } from '../session/store';
import { createApp } from './app';
import { bffPaths } from '@ers/shared/bff-contract';

export type BffOverrides = {
  fetch?: typeof fetch;
  now?: () => number;
  store?: KeyValueStore;
};

export async function createBff(config: Config, log: Logger, overrides: BffOverrides = {}) {
  const fetchImpl = overrides.fetch ?? globalThis.fetch;
  const now = overrides.now ?? Date.now;
  const key = await loadSigningKey(
    config.SIGNING_KEY_PEM,
    config.SIGNING_KEY_ID,
    config.SIGNING_ALG,
  );
  const store = overrides.store ?? createMemoryStore(now);

  const cis2 = createCis2Client({
    issuer: config.CIS2_ISSUER,
    clientId: config.CIS2_CLIENT_ID,
    redirectUri: new URL(bffPaths.callback, config.PUBLIC_ORIGIN).toString(),
    acrValues: config.CIS2_ACR_VALUES,
    clientAuth:
      config.CIS2_CLIENT_AUTH === 'private_key_jwt'
        ? { method: 'private_key_jwt', key }
        : { method: 'client_secret_post', secret: config.CIS2_CLIENT_SECRET ?? '' },
    allowInsecureHttp: config.ALLOW_INSECURE_HTTP === 'local',
    fetch: fetchImpl,
  });

  const app = createApp({
    log,
    store,
    sessions: createSessionManager({
      store,
      idleMs: config.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: config.SESSION_ABSOLUTE_MINUTES * 60_000,
      now,
    }),
    cis2,
    apim: createApimClient({
      tokenUrl: config.APIM_TOKEN_URL,
      apiKey: config.APIM_API_KEY,
      key,
      now,
      fetch: fetchImpl,
    }),
    ers: createErsClient({ baseUrl: config.ERS_BASE_URL, fetch: fetchImpl }),
    publicJwks: { keys: [key.publicJwk] },
    https: config.PUBLIC_ORIGIN.startsWith('https://'),
    publicOrigin: config.PUBLIC_ORIGIN,
    logout: config.CIS2_LOGOUT,
    webDistDir: config.WEB_DIST_DIR,
  });
  return { app, cis2 };
}
