/**
 * The BFF against NHS's public e-RS sandbox, signed in through the CIS2 stand-in alone: no APIM
 * and no e-RS stand-in, because the sandbox takes no token. The configuration is what a supplier
 * would set (ERS_ENV=sandbox) plus the stand-in's issuer and plain http on this machine; the
 * sandbox personas are the user the sandbox's canned answers describe. Used by
 * `npm start -- --sandbox` and by the tests, which point ersBaseUrl at a local fake sandbox.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../src/config/config';
import { loadSigningKey } from '../src/config/signing-key';
import { createLogger } from '../src/logging/logger';
import { createBff } from '../src/server';
import { startCis2Standin, type Cis2Standin } from '../standins/cis2/cis2-standin';
import { listenFirst } from './listen-first';
import { SANDBOX_ORGANISATIONS, SANDBOX_PERSONAS } from '../standins/sandbox-personas';
import {
  cis2ClientRegistration,
  generateSigningKeyPem,
  LOCAL_CLIENT_ID,
} from './local-environment';

export type SandboxEnvironmentOptions = {
  /** 0 picks free ports (tests); `npm start -- --sandbox` uses 3000 and 3001. */
  bffPort?: number;
  cis2Port?: number;
  webDistDir?: string;
  logLevel?: string;
  /** Where e-RS is: the public sandbox (the preset) unless a test gives its fake. */
  ersBaseUrl?: string;
};

export type SandboxEnvironment = {
  origin: string;
  config: Config;
  cis2: Cis2Standin;
  close(): Promise<void>;
};

export async function startSandboxEnvironment(
  options: SandboxEnvironmentOptions = {},
): Promise<SandboxEnvironment> {
  // The BFF listens first so its origin (with the real port) can be registered at CIS2.
  const bffServer = await listenFirst(options.bffPort ?? 0);
  const { port, origin } = bffServer;

  const signingKeyPem = generateSigningKeyPem();
  const signingKeyId = `sandbox-${randomBytes(4).toString('hex')}`;
  const publicJwk = (await loadSigningKey(signingKeyPem, signingKeyId, 'RS512')).publicJwk;

  const cis2 = await startCis2Standin({
    port: options.cis2Port ?? 0,
    client: cis2ClientRegistration(origin, publicJwk, 'RS512'),
    people: { personas: SANDBOX_PERSONAS, organisations: SANDBOX_ORGANISATIONS },
  });

  const config = loadConfig({
    PORT: String(port),
    ERS_ENV: 'sandbox',
    PUBLIC_ORIGIN: origin,
    // The CIS2 stand-in (and a test's fake sandbox) speak plain http on this machine.
    ALLOW_INSECURE_HTTP: 'local',
    CIS2_ISSUER: cis2.issuer,
    CIS2_CLIENT_ID: LOCAL_CLIENT_ID,
    SIGNING_KEY_PEM: signingKeyPem,
    SIGNING_KEY_ID: signingKeyId,
    LOG_LEVEL: options.logLevel ?? 'info',
    // A stand-in sandbox serves its object store on its own host, as NHS's sandbox does.
    ...(options.ersBaseUrl
      ? {
          ERS_BASE_URL: options.ersBaseUrl,
          ERS_OBJECT_STORE_HOSTS: new URL(options.ersBaseUrl).host,
        }
      : {}),
    ...(options.webDistDir ? { WEB_DIST_DIR: options.webDistDir } : {}),
  });
  const bffInstance = await createBff(config, createLogger(config.LOG_LEVEL));
  bffServer.attach(bffInstance.app.fetch);

  return {
    origin,
    config,
    cis2,
    async close() {
      await Promise.all([bffServer.close(), cis2.close(), bffInstance.close()]);
    },
  };
}
