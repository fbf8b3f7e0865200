import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSessionCrypto } from './session-crypto';

const key = randomBytes(32);

describe('session crypto', () => {
  it('opens what it sealed, under the same store key', () => {
    const crypto = createSessionCrypto(key);
    const sealed = crypto.seal('session:a', '{"accessToken":"secret-at"}');
    expect(sealed).not.toContain('secret-at');
    expect(crypto.open('session:a', sealed)).toBe('{"accessToken":"secret-at"}');
  });

  it('uses a fresh IV for every write, so equal sessions never look equal', () => {
    const crypto = createSessionCrypto(key);
    const sealed = new Set(Array.from({ length: 50 }, () => crypto.seal('k', 'same')));
    expect(sealed.size).toBe(50);
    const ivs = new Set(
      [...sealed].map((value) =>
        Buffer.from(value.slice(3), 'base64url').subarray(0, 12).toString('hex'),
      ),
    );
    expect(ivs.size).toBe(50);
  });

  it('refuses a value moved to another store key', () => {
    const crypto = createSessionCrypto(key);
    expect(crypto.open('session:b', crypto.seal('session:a', 'x'))).toBeNull();
  });

  it('refuses a value changed by a single bit anywhere', () => {
    const crypto = createSessionCrypto(key);
    const sealed = crypto.seal('k', 'the plaintext');
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    for (let i = 0; i < bytes.length; i += 1) {
      const changed = Buffer.from(bytes);
      changed[i] = (changed[i] ?? 0) ^ 1;
      expect(crypto.open('k', `v1.${changed.toString('base64url')}`)).toBeNull();
    }
  });

  it('refuses values sealed under another key, truncated, or not sealed at all', () => {
    const crypto = createSessionCrypto(key);
    const other = createSessionCrypto(randomBytes(32));
    expect(crypto.open('k', other.seal('k', 'x'))).toBeNull();
    expect(crypto.open('k', 'v1.AAAA')).toBeNull();
    expect(crypto.open('k', '{"sub":"1"}')).toBeNull();
  });

  it('names values one-way, per key and per purpose', () => {
    const crypto = createSessionCrypto(key);
    const name = crypto.name('session', 'the-id');
    expect(name).toBe(crypto.name('session', 'the-id'));
    expect(name).not.toContain('the-id');
    expect(Buffer.from(name, 'base64url')).toHaveLength(32);
    expect(crypto.name('login', 'the-id')).not.toBe(name);
    expect(crypto.name('session', 'the-id2')).not.toBe(name);
    expect(crypto.name('a', 'b:c')).not.toBe(crypto.name('a:b', 'c'));
    expect(crypto.name('a', 'b\0c')).not.toBe(crypto.name('a\0b', 'c'));
    expect(createSessionCrypto(randomBytes(32)).name('session', 'the-id')).not.toBe(name);
  });

  it('never keys the HMAC with the master key itself, only with a derived one', () => {
    const crypto = createSessionCrypto(key);
    expect(crypto.name('session', 'x')).not.toBe(
      createHmac('sha256', key).update('7:session:x').digest('base64url'),
    );
  });

  it('accepts only a 32-byte key', () => {
    expect(() => createSessionCrypto(randomBytes(16))).toThrow(RangeError);
    expect(() => createSessionCrypto(Buffer.alloc(0))).toThrow(RangeError);
  });

  it('opens what it sealed for the browser, for that purpose only, and never as a store value', () => {
    const crypto = createSessionCrypto(key);
    const sealed = crypto.sealForBrowser('login', '{"state":"secret-state"}');
    expect(sealed).not.toContain('secret-state');
    expect(crypto.openFromBrowser('login', sealed)).toBe('{"state":"secret-state"}');
    expect(crypto.openFromBrowser('parked', sealed)).toBeNull();
    expect(crypto.open('login', sealed)).toBeNull();
    expect(crypto.openFromBrowser('login', crypto.seal('login', 'x'))).toBeNull();
    expect(createSessionCrypto(randomBytes(32)).openFromBrowser('login', sealed)).toBeNull();
  });

  it('seals each value for the browser under a key of its own (a fresh salt every time)', () => {
    const crypto = createSessionCrypto(key);
    const salts = new Set(
      Array.from({ length: 50 }, () =>
        Buffer.from(crypto.sealForBrowser('login', 'same').slice(3), 'base64url')
          .subarray(0, 16)
          .toString('hex'),
      ),
    );
    expect(salts.size).toBe(50);
  });

  it('refuses a browser-held value changed by a single bit anywhere', () => {
    const crypto = createSessionCrypto(key);
    const bytes = Buffer.from(
      crypto.sealForBrowser('login', 'the plaintext').slice(3),
      'base64url',
    );
    for (let i = 0; i < bytes.length; i += 1) {
      const changed = Buffer.from(bytes);
      changed[i] = (changed[i] ?? 0) ^ 1;
      expect(crypto.openFromBrowser('login', `v1.${changed.toString('base64url')}`)).toBeNull();
    }
  });
});
