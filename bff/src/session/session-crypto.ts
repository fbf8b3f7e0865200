/**
 * What makes a copy of the store useless to an attacker: every value sealed with AES-256-GCM and
 * every store key derived by HMAC, so a dump holds neither tokens nor anything usable as a
 * session cookie. The same setting seals what the browser carries for us (the sign-in in
 * progress). Every key comes from SESSION_ENCRYPTION_KEY through HKDF, so one setting serves
 * each purpose without two uses ever sharing key material.
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
  /**
   * Seals `plaintext` for the browser to carry and hand back (a cookie). `purpose` is the AAD,
   * so a value sealed for one use does not open as another.
   */
  sealForBrowser(purpose: string, plaintext: string): string;
  /** The plaintext, or null when the value was tampered with or sealed for another purpose. */
  openFromBrowser(purpose: string, sealed: string): string | null;
};

/** For what the browser carries: the per-value key's salt (see `sealForBrowser`). */
const BROWSER_SALT_BYTES = 16;

function derive(master: BinaryLike, info: string, salt: BinaryLike = HKDF_SALT): Buffer {
  return Buffer.from(hkdfSync('sha256', master, salt, info, 32));
}

function gcmSeal(key: Buffer, aad: string, plaintext: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** `bytes` is IV, ciphertext, tag. */
function gcmOpen(key: Buffer, aad: string, bytes: Buffer): string | null {
  if (bytes.length < IV_BYTES + TAG_BYTES) return null;
  const iv = bytes.subarray(0, IV_BYTES);
  const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

const unversioned = (sealed: string) =>
  sealed.startsWith(VERSION) ? Buffer.from(sealed.slice(VERSION.length), 'base64url') : null;

export function createSessionCrypto(masterKey: Uint8Array): SessionCrypto {
  if (masterKey.length !== SESSION_KEY_BYTES) {
    throw new RangeError(`The session encryption key must be ${SESSION_KEY_BYTES} bytes`);
  }
  const encryptionKey = derive(masterKey, 'aes-256-gcm values v1');
  const namingKey = derive(masterKey, 'hmac-sha256 key names v1');
  const browserKey = derive(masterKey, 'aes-256-gcm browser-held values v1');

  return {
    seal(storeKey, plaintext) {
      return VERSION + gcmSeal(encryptionKey, storeKey, plaintext).toString('base64url');
    },

    open(storeKey, sealed) {
      const bytes = unversioned(sealed);
      return bytes ? gcmOpen(encryptionKey, storeKey, bytes) : null;
    },

    name(purpose, value) {
      // Length-prefixed, so no (purpose, value) pair can be spelled as another.
      return createHmac('sha256', namingKey)
        .update(`${purpose.length}:${purpose}:${value}`)
        .digest('base64url');
    },

    sealForBrowser(purpose, plaintext) {
      // Anyone can make us seal one of these (a sign-in costs no credentials), so each gets a
      // key of its own: a flood cannot wear down one key's random-IV budget (~2^32 seals).
      const salt = randomBytes(BROWSER_SALT_BYTES);
      const sealed = gcmSeal(derive(browserKey, purpose, salt), purpose, plaintext);
      return VERSION + Buffer.concat([salt, sealed]).toString('base64url');
    },

    openFromBrowser(purpose, sealed) {
      const bytes = unversioned(sealed);
      if (!bytes || bytes.length < BROWSER_SALT_BYTES) return null;
      const salt = bytes.subarray(0, BROWSER_SALT_BYTES);
      return gcmOpen(
        derive(browserKey, purpose, salt),
        purpose,
        bytes.subarray(BROWSER_SALT_BYTES),
      );
    },
  };
}
