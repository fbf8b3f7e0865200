/**
 * The session settings, and that they choose the store: Redis when REDIS_URL is set.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisForTests, startRedis } from '../../test/support/redis';
import { loadConfig } from '../config/config';
import { createBff } from '../server';
import { createLogger } from '../logging/logger';

const base = {
  PUBLIC_ORIGIN: 'https://ers-client.example.nhs.uk',
  CIS2_ISSUER: 'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk:443/openam/oauth2/realms/root',
  CIS2_CLIENT_ID: 'client.apps.supplier',
  APIM_TOKEN_URL: 'https://int.api.service.nhs.uk/oauth2/token',
  APIM_API_KEY: 'key',
  ERS_BASE_URL: 'https://int.api.service.nhs.uk/referrals/FHIR',
  ERS_OBJECT_STORE_HOSTS: 'ers-attachments.s3.eu-west-2.amazonaws.com',
  SIGNING_KEY_PEM: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
  SIGNING_KEY_ID: 'kid',
};
const KEY = randomBytes(32).toString('base64url');

describe('session settings', () => {
  it('default to in-memory sessions, any number per user, keys under ers-bff:', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({ SESSION_CONCURRENCY: 'allow', REDIS_KEY_PREFIX: 'ers-bff:' });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.SESSION_ENCRYPTION_KEY).toBeUndefined();
  });

  it('require SESSION_ENCRYPTION_KEY with REDIS_URL, naming it', () => {
    expect(() => loadConfig({ ...base, REDIS_URL: 'rediss://cache.internal:6380' })).toThrow(
      /SESSION_ENCRYPTION_KEY: required when REDIS_URL is set/,
    );
    const config = loadConfig({
      ...base,
      REDIS_URL: 'rediss://:password@cache.internal:6380/2',
      SESSION_ENCRYPTION_KEY: KEY,
    });
    expect(config.REDIS_URL).toBe('rediss://:password@cache.internal:6380/2');
  });

  it('refuse redis:// (no TLS) outside local: the connection carries the password', () => {
    const plain = { ...base, REDIS_URL: 'redis://127.0.0.1:6379', SESSION_ENCRYPTION_KEY: KEY };
    expect(() => loadConfig(plain)).toThrow(/REDIS_URL: must be rediss:\/\/ \(TLS/);
    expect(loadConfig({ ...plain, ALLOW_INSECURE_HTTP: 'local' }).REDIS_URL).toBe(plain.REDIS_URL);
    expect(loadConfig({ ...plain, ERS_ENV: 'local' }).REDIS_URL).toBe(plain.REDIS_URL);
  });

  it('accept only 32 bytes of base64url as the encryption key', () => {
    const bad = [
      randomBytes(16).toString('base64url'),
      randomBytes(33).toString('base64url'),
      randomBytes(32).toString('base64'),
      'a'.repeat(43).replace(/^a/, '+'),
    ];
    for (const SESSION_ENCRYPTION_KEY of bad) {
      expect(() => loadConfig({ ...base, SESSION_ENCRYPTION_KEY })).toThrow(
        /SESSION_ENCRYPTION_KEY: must be 32 random bytes/,
      );
    }
    expect(
      Buffer.from(
        loadConfig({ ...base, SESSION_ENCRYPTION_KEY: KEY }).SESSION_ENCRYPTION_KEY ?? '',
        'base64url',
      ),
    ).toHaveLength(32);
  });

  it('refuse a REDIS_URL that is not redis:// or rediss://', () => {
    for (const REDIS_URL of ['http://cache:6379', 'cache:6379', 'not a url']) {
      expect(() => loadConfig({ ...base, REDIS_URL, SESSION_ENCRYPTION_KEY: KEY })).toThrow(
        /REDIS_URL/,
      );
    }
  });

  it('take SESSION_CONCURRENCY as allow or single only', () => {
    expect(loadConfig({ ...base, SESSION_CONCURRENCY: 'single' }).SESSION_CONCURRENCY).toBe(
      'single',
    );
    expect(() => loadConfig({ ...base, SESSION_CONCURRENCY: 'one' })).toThrow(
      /SESSION_CONCURRENCY/,
    );
  });
});

describe('store selection', () => {
  // The test Redis speaks plain text on loopback, which the config allows only this way.
  const PLAIN = { ALLOW_INSECURE_HTTP: 'local' };
  const redis = redisForTests();
  const SIGNING_KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const log = createLogger('silent');
  // CIS2 is out of reach in these tests; readiness reports the store on its own line.
  const offline: typeof fetch = async () => {
    throw new Error('offline');
  };

  beforeAll(() => redis.start());
  afterAll(() => redis.stop());

  async function readiness(env: Record<string, string>) {
    const config = loadConfig({ ...base, SIGNING_KEY_PEM, ...env });
    const bff = await createBff(config, log, { fetch: offline });
    try {
      const response = await bff.app.request('https://ers-client.example.nhs.uk/health/ready');
      return { status: response.status, text: await response.text() };
    } finally {
      await bff.close();
    }
  }

  it('uses Redis when REDIS_URL is set, and reports it ready', async () => {
    const { text } = await readiness({
      REDIS_URL: redis.url(),
      SESSION_ENCRYPTION_KEY: KEY,
      ...PLAIN,
    });
    expect(JSON.parse(text)).toMatchObject({ store: true });
  });

  it('reports an unreachable Redis as not ready, without its details', async () => {
    const gone = await startRedis();
    await gone.stop();
    const { status, text } = await readiness({
      REDIS_URL: gone.url,
      SESSION_ENCRYPTION_KEY: KEY,
      ...PLAIN,
    });
    expect(status).toBe(503);
    expect(JSON.parse(text)).toMatchObject({ store: false });
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|redis/i);
  });

  it('keeps sessions in memory without REDIS_URL', async () => {
    const { text } = await readiness({});
    expect(JSON.parse(text)).toMatchObject({ store: true });
  });
});
