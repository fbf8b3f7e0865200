import { generateKeyPairSync } from 'node:crypto';
import { decodeProtectedHeader, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadSigningKey, loadSigningKeys, publishedJwks } from './signing-key';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('loadSigningKey', () => {
  it.each([
    ['PKCS#8 PEM', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()],
    ['PKCS#1 PEM', privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()],
    ['a private JWK', JSON.stringify(privateKey.export({ format: 'jwk' }))],
  ])('accepts %s and signs RS512 with it', async (_name, material) => {
    const key = await loadSigningKey(material, 'kid-1', 'RS512');
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS512', kid: key.kid })
      .sign(key.privateKey);
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'RS512', kid: 'kid-1' });
    expect(key.publicJwk).not.toHaveProperty('d');
  });

  it('refuses a public JWK (no private part)', async () => {
    const { d: _d, ...publicOnly } = privateKey.export({ format: 'jwk' });
    await expect(loadSigningKey(JSON.stringify(publicOnly), 'k', 'RS512')).rejects.toThrow(
      /private/,
    );
  });
});

describe('publishedJwks', () => {
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('lists the signing key first, then the additional keys, never a private member', async () => {
    const keys = await loadSigningKeys(pem, 'new', { cis2: 'RS512', apim: 'RS512' });
    const old = {
      ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
      kid: 'old',
    };
    const jwks = publishedJwks(keys, [old as Record<string, unknown>, { ...keys.apim.publicJwk }]);
    expect(jwks.keys.map((jwk) => jwk.kid)).toEqual(['new', 'old']);
    expect(jwks.keys[0]).toMatchObject({ alg: 'RS512' });
    for (const jwk of jwks.keys) expect(jwk).not.toHaveProperty('d');
  });

  it('names no alg when CIS2 and APIM sign the same key with different algorithms', async () => {
    const keys = await loadSigningKeys(pem, 'new', { cis2: 'PS512', apim: 'RS512' });
    expect(keys.cis2.alg).toBe('PS512');
    expect(keys.apim.alg).toBe('RS512');
    expect(publishedJwks(keys).keys[0]).not.toHaveProperty('alg');
  });
});
