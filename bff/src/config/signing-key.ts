/**
 * The BFF's signing key: signs private_key_jwt assertions to CIS2 and client assertions to APIM.
 * Only its public half ever leaves the process, through the JWKS endpoint.
 */
import { exportJWK, importPKCS8, type JWK } from 'jose';
import { createPublicKey } from 'node:crypto';

/** jose's key type; Node's global CryptoKey is not in @types/node 20's globals. */
export type PrivateCryptoKey = Awaited<ReturnType<typeof importPKCS8>>;

export type SigningKey = {
  kid: string;
  alg: string;
  privateKey: PrivateCryptoKey;
  publicJwk: JWK;
};

export async function loadSigningKey(pem: string, kid: string, alg: string): Promise<SigningKey> {
  const privateKey = await importPKCS8(pem, alg, { extractable: false });
  const publicJwk = await exportJWK(createPublicKey(pem));
  return { kid, alg, privateKey, publicJwk: { ...publicJwk, kid, alg, use: 'sig' } };
}
