/**
 * Rotating the signing key, as the README tells a supplier to, against the APIM stand-in, which
 * caches the application's JWKS as APIM does. Each "deployment" is a configuration: the key the
 * BFF signs with and ADDITIONAL_PUBLIC_JWKS; the JWKS URL serves what that configuration
 * publishes, and the BFF's own APIM client exchanges an ID token with the key it loaded.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createApimClient } from '../src/apim/token-exchange';
import { loadSigningKeys, publishedJwks, type SigningKeys } from '../src/config/signing-key';
import { API_KEY, startHarness, type Harness } from '../standins/apim-ers/testing/harness';
import { testConfig } from './support/test-config';

/** How long the stand-in (like APIM) keeps the JWKS it fetched. */
const CACHE_MS = 5 * 60_000;

function newKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

const keyA = { kid: 'ers-client-a', pem: newKeyPem() };
const keyB = { kid: 'ers-client-b', pem: newKeyPem() };
/** The public JWK of a key as the BFF publishes it, for ADDITIONAL_PUBLIC_JWKS. */
async function publicJwkOf(key: { kid: string; pem: string }) {
  const keys = await loadSigningKeys(key.pem, key.kid, { cis2: 'RS512', apim: 'RS512' });
  return keys.apim.publicJwk;
}

type Deployment = { exchange(): Promise<number> };

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function startApim() {
  const h = await startHarness({ appJwksCacheMs: CACHE_MS });
  harnesses.push(h);

  /** Starts the BFF with this key and these additional public keys; its JWKS URL serves them. */
  async function deploy(
    signing: { kid: string; pem: string },
    additional: { kid: string; pem: string }[] = [],
  ): Promise<Deployment> {
    const config = testConfig({
      ALLOW_INSECURE_HTTP: 'local',
      APIM_TOKEN_URL: h.standin.tokenUrl,
      APIM_API_KEY: API_KEY,
      SIGNING_KEY_PEM: signing.pem,
      SIGNING_KEY_ID: signing.kid,
      ...(additional.length > 0
        ? {
            ADDITIONAL_PUBLIC_JWKS: JSON.stringify({
              keys: await Promise.all(additional.map(publicJwkOf)),
            }),
          }
        : {}),
    });
    const keys: SigningKeys = await loadSigningKeys(config.SIGNING_KEY_PEM, config.SIGNING_KEY_ID, {
      cis2: config.CIS2_SIGNING_ALG,
      apim: config.APIM_SIGNING_ALG,
    });
    h.jwks.appKeys = publishedJwks(keys, config.ADDITIONAL_PUBLIC_JWKS).keys;
    const apim = createApimClient({
      tokenUrl: config.APIM_TOKEN_URL!,
      apiKey: API_KEY,
      key: keys.apim,
      now: h.clock.now,
      fetch,
    });
    return {
      async exchange() {
        const outcome = await apim.exchangeIdToken(await h.idToken());
        return outcome.ok ? 200 : outcome.kind === 'rejected' ? outcome.status : 0;
      },
    };
  }

  return { h, deploy, waitOutTheCache: () => h.clock.advance(CACHE_MS + 1_000) };
}

describe('key rotation against APIM cached JWKS', () => {
  it('publish the new key beside the old, wait out the cache, switch signing, drop the old: no exchange fails', async () => {
    const { h, deploy, waitOutTheCache } = await startApim();
    const signingA = await deploy(keyA);
    expect(await signingA.exchange()).toBe(200);

    // 1. Publish B beside A, still signing with A.
    const publishingB = await deploy(keyA, [keyB]);
    expect(await publishingB.exchange()).toBe(200);
    // 2. Wait until APIM's copy of the JWKS has B in it.
    waitOutTheCache();
    expect(await publishingB.exchange()).toBe(200);

    // 3. Sign with B, keeping A published for instances still signing with it.
    const signingB = await deploy(keyB, [keyA]);
    expect(await signingB.exchange()).toBe(200);
    expect(await publishingB.exchange()).toBe(200);
    waitOutTheCache();
    expect(await signingB.exchange()).toBe(200);

    // 4. Later, drop A.
    const onlyB = await deploy(keyB);
    expect(await onlyB.exchange()).toBe(200);
    waitOutTheCache();
    expect(await onlyB.exchange()).toBe(200);
    expect(h.standin.appJwksFetches()).toBe(4);
  });

  it.each([
    ['signing with the new key as it is published', false],
    ['switching to the new key without waiting out the cache', true],
  ])('%s fails every exchange until APIM refetches the JWKS', async (_name, publishFirst) => {
    const { deploy, waitOutTheCache } = await startApim();
    expect(await (await deploy(keyA)).exchange()).toBe(200);
    if (publishFirst) expect(await (await deploy(keyA, [keyB])).exchange()).toBe(200);

    const signingB = await deploy(keyB, [keyA]);
    // APIM: 401 "Invalid 'kid' header in client_assertion JWT - no matching public key".
    expect(await signingB.exchange()).toBe(401);
    expect(await signingB.exchange()).toBe(401);
    waitOutTheCache();
    expect(await signingB.exchange()).toBe(200);
  });
});
