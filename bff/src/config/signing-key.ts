/**
 * The BFF's signing key: signs private_key_jwt assertions to CIS2 and client assertions to APIM.
 * Only public halves ever leave the process, through the JWKS endpoint.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { exportJWK, importPKCS8, type JWK } from 'jose';

/** jose's key type; Node's global CryptoKey is not in @types/node 20's globals. */
export type PrivateCryptoKey = Awaited<ReturnType<typeof importPKCS8>>;

export type SigningKey = {
  kid: string;
  alg: string;
  privateKey: PrivateCryptoKey;
  publicJwk: JWK;
};

/** Accepts a PKCS#8 PEM or a private JWK (JSON), as suppliers' key stores hand them out. */
function toPkcs8Pem(material: string): string {
  const trimmed = material.trim();
  if (trimmed.startsWith('{')) {
    const jwk = JSON.parse(trimmed) as JWK;
    if (!jwk.d) throw new Error('the JWK has no private part (d)');
    return createPrivateKey({ key: jwk as never, format: 'jwk' })
      .export({ type: 'pkcs8', format: 'pem' })
      .toString();
  }
  // Also accepts PKCS#1 ("BEGIN RSA PRIVATE KEY") by converting it.
  return createPrivateKey(trimmed).export({ type: 'pkcs8', format: 'pem' }).toString();
}

export async function loadSigningKey(
  material: string,
  kid: string,
  alg: string,
): Promise<SigningKey> {
  const pem = toPkcs8Pem(material);
  const privateKey = await importPKCS8(pem, alg, { extractable: false });
  const publicJwk = await exportJWK(createPublicKey(pem));
  return { kid, alg, privateKey, publicJwk: { ...publicJwk, kid, alg, use: 'sig' } };
}

/** One key pair, imported once per algorithm: CIS2's as registered, APIM's always RS512. */
export type SigningKeys = { cis2: SigningKey; apim: SigningKey };

export async function loadSigningKeys(
  material: string,
  kid: string,
  algs: { cis2: string; apim: string },
): Promise<SigningKeys> {
  const [cis2, apim] = await Promise.all([
    loadSigningKey(material, kid, algs.cis2),
    loadSigningKey(material, kid, algs.apim),
  ]);
  return { cis2, apim };
}

/**
 * The signing key's public half. It names its `alg` only when CIS2 and APIM use the same one:
 * `alg` is optional (RFC 7517 §4.4), and a verifier that honours it would refuse the other.
 */
export function signingPublicJwk(keys: SigningKeys): JWK {
  const { alg: _alg, ...withoutAlg } = keys.apim.publicJwk;
  return keys.cis2.alg === keys.apim.alg ? keys.apim.publicJwk : withoutAlg;
}

/**
 * The JWKS we publish: the signing key first, then the additional keys of a rotation (private
 * members are stripped, whatever was configured).
 */
export function publishedJwks(keys: SigningKeys, additional: Record<string, unknown>[] = []) {
  const current = signingPublicJwk(keys);
  const publicOnly = additional
    .map(({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest }) => rest as JWK)
    .filter((jwk) => jwk.kid !== current.kid);
  return { keys: [current, ...publicOnly] };
}
