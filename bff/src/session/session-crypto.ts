/**
 * What makes a copy of the store useless to an attacker: every value sealed with AES-256-GCM and
 * every store key derived by HMAC, so a dump holds neither tokens nor anything usable as a
 * session cookie. Both keys come from SESSION_ENCRYPTION_KEY through HKDF, so one setting
 * serves both purposes without the two uses ever sharing key material.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  type BinaryLike,
} from 'node:crypto';

export const SESSION_KEY_BYTES = 32;

const VERSION = 'v1.';
/** 96 bits: GCM's native nonce size; random per write (birthday bound ~2^32 writes per key). */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_SALT = 'ers-bff session store';

export type SessionCrypto = {
  /**
   * Encrypts `plaintext` for the store key it will be written under. The key is the AAD, so a
   * value copied to another key (say, one user's session onto another's) no longer opens.
   */
  seal(storeKey: string, plaintext: string): string;
  /** The plaintext, or null when the value was tampered with, moved, or sealed under another key. */
  open(storeKey: string, sealed: string): string | null;
  /**
   * A one-way, keyed name for `value` (a session id, a CIS2 sub) to use inside store keys.
   * `purpose` separates domains, so the name of an id as a session never equals its name as
   * anything else.
   */
  name(purpose: string, value: string): string;
};

function derive(master: BinaryLike, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, HKDF_SALT, info, 32));
}

export function createSessionCrypto(masterKey: Uint8Array): SessionCrypto {
  if (masterKey.length !== SESSION_KEY_BYTES) {
    throw new RangeError(`The session encryption key must be ${SESSION_KEY_BYTES} bytes`);
  }
  const encryptionKey = derive(masterKey, 'aes-256-gcm values v1');
  const namingKey = derive(masterKey, 'hmac-sha256 key names v1');

  return {
    seal(storeKey, plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(storeKey, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return VERSION + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    },

    open(storeKey, sealed) {
      if (!sealed.startsWith(VERSION)) return null;
      const bytes = Buffer.from(sealed.slice(VERSION.length), 'base64url');
      if (bytes.length < IV_BYTES + TAG_BYTES) return null;
      const iv = bytes.subarray(0, IV_BYTES);
      const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
      const tag = bytes.subarray(bytes.length - TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', encryptionKey, iv, {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(storeKey, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },

    name(purpose, value) {
      // Length-prefixed, so no (purpose, value) pair can be spelled as another.
      return createHmac('sha256', namingKey)
        .update(`${purpose.length}:${purpose}:${value}`)
        .digest('base64url');
    },
  };
}
