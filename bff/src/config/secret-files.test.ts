/**
 * Secrets as `<NAME>_FILE` (Docker and Kubernetes secrets), and that no ConfigError or log line
 * carries a secret's value.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger';
import { ConfigError, loadConfig } from './config';
import { FILE_SETTINGS } from './secret-files';

const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw';
const PEM = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----\n`;
const valid = {
  PUBLIC_ORIGIN: 'https://ers-client.example.nhs.uk',
  ERS_ENV: 'int',
  CIS2_CLIENT_ID: 'client.apps.supplier',
  APIM_API_KEY: 'key',
  ERS_OBJECT_STORE_HOSTS: 'ers-attachments.s3.eu-west-2.amazonaws.com',
  SIGNING_KEY_PEM: PEM,
  SIGNING_KEY_ID: 'kid',
};

const dir = mkdtempSync(join(tmpdir(), 'ers-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
/** A file holding `contents`, as a secrets mount would. */
function secretFile(contents: string): string {
  const path = join(dir, `secret-${files++}`);
  writeFileSync(path, contents, { mode: 0o600 });
  return path;
}

function configError(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

const KEY = randomBytes(32).toString('base64url');
/** A value each secret setting accepts, and the file form's setting. */
const SECRETS = {
  CIS2_CLIENT_SECRET: 'cis2-client-secret-from-the-mock',
  APIM_API_KEY: 'apim-api-key-from-the-portal',
  APIM_API_SECRET: 'apim-api-secret-from-the-portal',
  SESSION_ENCRYPTION_KEY: KEY,
  REDIS_URL: 'rediss://ers-bff:s3cret-password@cache.internal:6380',
  SIGNING_KEY_PEM: PEM,
} as const;

describe('secrets from files', () => {
  it('offers a _FILE form for every secret setting', () => {
    expect(new Set(Object.values(FILE_SETTINGS))).toEqual(new Set(Object.keys(SECRETS)));
  });

  it.each(Object.entries(FILE_SETTINGS))(
    '%s stands in for %s (a one-line secret loses its trailing newline)',
    (fileSetting, setting) => {
      const value = SECRETS[setting];
      const config = loadConfig({
        ...valid,
        SESSION_ENCRYPTION_KEY: KEY,
        CIS2_CLIENT_AUTH: 'client_secret_post',
        CIS2_CLIENT_SECRET: 'secret',
        [setting]: undefined,
        [fileSetting]: secretFile(setting === 'SIGNING_KEY_PEM' ? value : `${value}\n`),
      });
      expect(config[setting]).toBe(value);
    },
  );

  it('trims a Windows line ending too, and only the last one', () => {
    const config = loadConfig({
      ...valid,
      APIM_API_KEY: undefined,
      APIM_API_KEY_FILE: secretFile('key\r\n'),
    });
    expect(config.APIM_API_KEY).toBe('key');
    expect(
      loadConfig({ ...valid, SIGNING_KEY_PEM: undefined, SIGNING_KEY_FILE: secretFile(PEM) }),
    ).toMatchObject({ SIGNING_KEY_PEM: PEM });
  });

  it('refuses a setting given both ways, naming both and neither value', () => {
    const message = configError({
      ...valid,
      APIM_API_SECRET: SECRETS.APIM_API_SECRET,
      APIM_API_SECRET_FILE: secretFile(SECRETS.APIM_API_SECRET),
    });
    expect(message).toMatch(/APIM_API_SECRET, APIM_API_SECRET_FILE: set only one/);
    expect(message).not.toContain(SECRETS.APIM_API_SECRET);
  });

  it('refuses the signing key given two ways, the older SIGNING_KEY_FILE included', () => {
    expect(configError({ ...valid, SIGNING_KEY_FILE: secretFile(PEM) })).toMatch(
      /SIGNING_KEY_PEM, SIGNING_KEY_FILE: set only one/,
    );
    expect(
      configError({
        ...valid,
        SIGNING_KEY_PEM: undefined,
        SIGNING_KEY_PEM_FILE: secretFile(PEM),
        SIGNING_KEY_FILE: secretFile(PEM),
      }),
    ).toMatch(/SIGNING_KEY_PEM_FILE, SIGNING_KEY_FILE: set only one/);
  });

  it('names an unreadable file and its setting, and does not also call the setting missing', () => {
    const missing = configError({ ...valid, APIM_API_KEY: undefined, APIM_API_KEY_FILE: '/nope' });
    expect(missing).toBe('Invalid configuration:\n  APIM_API_KEY_FILE: cannot read /nope (ENOENT)');

    // A directory where the file should be: the mount went wrong.
    expect(configError({ ...valid, APIM_API_SECRET_FILE: dir })).toBe(
      `Invalid configuration:\n  APIM_API_SECRET_FILE: cannot read ${dir} (EISDIR)`,
    );
  });
});

describe('a ConfigError never echoes a secret', () => {
  it.each([
    ['SESSION_ENCRYPTION_KEY', 'not-a-key-but-still-a-secret-value'],
    ['REDIS_URL', 'redis://ers-bff:s3cret-password@cache.internal:6379'],
    ['REDIS_URL', 'http://ers-bff:s3cret-password@cache.internal:6379'],
    ['CIS2_CLIENT_SECRET', ''],
    ['ADDITIONAL_PUBLIC_JWKS', '{"keys": "private-looking-material"}'],
  ])('%s, inline and from a file', (setting, value) => {
    const env = { ...valid, CIS2_CLIENT_AUTH: 'client_secret_post', CIS2_CLIENT_SECRET: 'x' };
    const inline = configError({ ...env, [setting]: value });
    expect(inline).toContain(setting);
    if (value) expect(inline).not.toContain(value);
    if (setting in SECRETS) {
      const fromFile = configError({
        ...env,
        [setting]: undefined,
        [`${setting}_FILE`]: secretFile(value),
      });
      expect(fromFile).toContain(setting);
      if (value) expect(fromFile).not.toContain(value);
    }
    expect(inline).not.toContain('s3cret-password');
  });
});

describe('the logger', () => {
  it('redacts the secret settings if a configuration is ever logged', () => {
    const lines: string[] = [];
    const log = createLogger(
      'info',
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const config = loadConfig({
      ...valid,
      ...SECRETS,
      CIS2_CLIENT_AUTH: 'client_secret_post',
    });
    log.info({ config }, 'configuration');
    const written = lines.join('');
    expect(written).toContain('"config"');
    // One line of each: JSON escapes the PEM's newlines.
    for (const value of [...Object.values(SECRETS), PEM_BODY]) {
      if (!value.includes('\n')) expect(written).not.toContain(value);
    }
    expect(written).not.toContain(PEM_BODY);
    expect(written).not.toContain('s3cret-password');
  });
});
