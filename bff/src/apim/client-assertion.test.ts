import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadSigningKey } from '../config/signing-key';
import { CLIENT_ASSERTION_LIFETIME_SECONDS, createClientAssertion } from './client-assertion';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const tokenUrl = 'https://int.api.service.nhs.uk/oauth2/token';

describe('createClientAssertion', async () => {
  const key = await loadSigningKey(pem, 'kid-1', 'RS512');
  const now = 1_800_000_000;
  const assertion = await createClientAssertion({
    apiKey: 'api-key',
    tokenUrl,
    key,
    nowSeconds: now,
  });

  it('has the header APIM requires: RS512, typ JWT, our kid', () => {
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS512', typ: 'JWT', kid: 'kid-1' });
  });

  it('names the API key as iss and sub, the exact token URL as aud, and expires within 5 minutes', () => {
    const claims = decodeJwt(assertion);
    expect(claims).toMatchObject({ iss: 'api-key', sub: 'api-key', aud: tokenUrl, iat: now });
    expect(claims.exp).toBe(now + CLIENT_ASSERTION_LIFETIME_SECONDS);
    expect(claims.exp! - now).toBeLessThanOrEqual(300);
    expect(Number.isInteger(claims.exp)).toBe(true);
  });

  it('verifies with the public key we publish', async () => {
    const spki = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect(
      jwtVerify(assertion, await importSPKI(spki, 'RS512'), { currentDate: new Date(now * 1000) }),
    ).resolves.toBeDefined();
    expect(key.publicJwk).toMatchObject({ kty: 'RSA', kid: 'kid-1', alg: 'RS512', use: 'sig' });
    expect(key.publicJwk).not.toHaveProperty('d');
  });

  it('uses a fresh jti every time', async () => {
    const again = await createClientAssertion({
      apiKey: 'api-key',
      tokenUrl,
      key,
      nowSeconds: now,
    });
    expect(decodeJwt(again).jti).not.toBe(decodeJwt(assertion).jti);
  });

  it('is RS512 whatever the key was loaded for: a key imported for PS512 cannot sign it', async () => {
    const ps512 = await loadSigningKey(pem, 'kid-1', 'PS512');
    await expect(
      createClientAssertion({ apiKey: 'api-key', tokenUrl, key: ps512, nowSeconds: now }),
    ).rejects.toThrow();
  });
});
