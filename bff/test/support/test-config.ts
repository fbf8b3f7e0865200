/**
 * The one place test configuration and keys are made. The BFF built in-process (`app.request()`,
 * no sockets) is configured for CIS2 and APIM INT, whose hosts it never reaches: a test injects
 * `fetch` or an e-RS dispatcher. The stand-ins' own environment (local/local-environment.ts) makes
 * its keys and configuration the same way `npm start` does, so tests over real HTTP use that.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config/config';

/** Where the BFF is published in in-process tests: https, so cookies and HSTS are as live. */
export const PUBLIC_ORIGIN = 'https://ers-client.example.nhs.uk';

/** The INT issuer, `:443` included, exactly as CIS2's discovery document gives it. */
export const CIS2_INT_ISSUER =
  'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare';
/** APIM's INT token endpoint (RFC 8693 token exchange for the CIS2 ID token). */
export const APIM_INT_TOKEN_URL = 'https://int.api.service.nhs.uk/oauth2/token';
export const INT_ORIGIN = 'https://int.api.service.nhs.uk';
export const INT_ERS_BASE = `${INT_ORIGIN}/referrals/FHIR`;
/** Where e-RS's A042 redirects send the browser's file (a pre-signed object-store URL). */
export const OBJECT_STORE_ORIGIN = 'https://ers-attachments.s3.eu-west-2.amazonaws.com';
/** What the object store's name resolves to in tests: a public address nothing connects to. */
export const OBJECT_STORE_ADDRESS = '52.95.148.10';

export const CIS2_CLIENT_ID = '128448876589.apps.supplier';
export const SIGNING_KEY_ID = 'ers-bff-test-1';

// RSA key generation is slow on a busy machine: one key pair per test process serves every test.
const signingKey = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
/** The BFF's public key, to verify what it signs (private_key_jwt, APIM client assertions). */
export const BFF_PUBLIC_KEY_PEM = signingKey.publicKey;

// Fixed per process, so two instances over one store read each other's sessions (as with Redis).
const SESSION_ENCRYPTION_KEY = randomBytes(32).toString('base64url');

/** A valid INT-shaped configuration; `undefined` in `overrides` removes a setting. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    PUBLIC_ORIGIN,
    CIS2_ISSUER: CIS2_INT_ISSUER,
    CIS2_CLIENT_ID,
    APIM_TOKEN_URL: APIM_INT_TOKEN_URL,
    APIM_API_KEY: 'apim-test-api-key',
    ERS_BASE_URL: INT_ERS_BASE,
    ERS_OBJECT_STORE_HOSTS: new URL(OBJECT_STORE_ORIGIN).host,
    SIGNING_KEY_PEM: signingKey.privateKey,
    SIGNING_KEY_ID,
    SESSION_ENCRYPTION_KEY,
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}
