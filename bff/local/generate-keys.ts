/**
 * Makes a signing key pair for a real environment: the private key to your secret store, the
 * public JWKS to the APIM application registration (or serve it from /.well-known/jwks.json).
 *
 *   node ../scripts/pnpm.mjs --filter @ers/bff keys [directory]   (default: ../.local/keys)
 *
 * Never overwrites a key; never prints the private key.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSigningKey } from '../src/config/signing-key';

const directory = resolve(process.argv[2] ?? join(import.meta.dirname, '../../.local/keys'));
const kid = `ers-client-${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
const privatePath = join(directory, `${kid}.pem`);
const jwksPath = join(directory, `${kid}.jwks.json`);
if (existsSync(privatePath)) {
  console.error(`${privatePath} exists: not overwriting it.`);
  process.exit(1);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const key = await loadSigningKey(pem, kid, 'RS512');

mkdirSync(directory, { recursive: true, mode: 0o700 });
writeFileSync(privatePath, pem, { mode: 0o600 });
writeFileSync(jwksPath, `${JSON.stringify({ keys: [key.publicJwk] }, null, 2)}\n`);
console.log(`Private key: ${privatePath} (mode 600; keep it out of git and in your secret store)
Public JWKS: ${jwksPath}

Configure the BFF with:
  SIGNING_KEY_FILE=${privatePath}
  SIGNING_KEY_ID=${kid}
  CIS2_SIGNING_ALG=RS512
(CIS2_SIGNING_ALG as registered with CIS2 for your client; APIM always takes RS512.)`);
