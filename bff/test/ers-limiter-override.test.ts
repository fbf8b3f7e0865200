/**
 * `createBff`'s `ersLimiter` override (the benchmark's, to measure the BFF without its e-RS
 * limit): it takes the place of the limiter ERS_RATE_LIMIT_PER_SECOND configures, and without
 * it the configured limit holds; so does each session's share (ERS_SESSION_RATE_LIMIT_PER_SECOND).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config';
import type { RateLimiter } from '../src/ers/rate-limiter';
import { createLogger } from '../src/logging/logger';
import { createBff, type BffOverrides } from '../src/server';
import { SESSION_COOKIE } from '../src/session/cookies';
import { createMemoryStore } from '../src/session/memory-store';
import { createSessionManager } from '../src/session/session-manager';
import {
  INT_ERS_BASE,
  PUBLIC_ORIGIN,
  createFakeUpstream,
  newSession,
  specExample,
  type FakeUpstream,
} from './support/harness';

const UBRN = '000000070001';
const SESSION_ENCRYPTION_KEY = randomBytes(32);
const SIGNING_KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

const upstreams: FakeUpstream[] = [];
afterEach(async () => {
  await Promise.all(upstreams.splice(0).map((upstream) => upstream.close()));
});

/** The BFF with a one-a-second e-RS limit configured, and a signed-in session in its store. */
async function bffWith(overrides: BffOverrides, env: Record<string, string> = {}) {
  const upstream = createFakeUpstream();
  upstreams.push(upstream);
  const referral = specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs');
  upstream.on('GET', `/referrals/FHIR/STU3/ReferralRequest/${UBRN}`, {
    status: 200,
    body: referral,
  });
  const store = createMemoryStore();
  const config = loadConfig({
    PUBLIC_ORIGIN,
    CIS2_ISSUER:
      'https://cis2.example/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare',
    CIS2_CLIENT_ID: 'client',
    APIM_TOKEN_URL: 'https://int.api.service.nhs.uk/oauth2/token',
    APIM_API_KEY: 'key',
    ERS_BASE_URL: INT_ERS_BASE,
    ERS_OBJECT_STORE_HOSTS: 'ers-attachments.s3.eu-west-2.amazonaws.com',
    SIGNING_KEY_PEM,
    SIGNING_KEY_ID: 'kid',
    SESSION_ENCRYPTION_KEY: SESSION_ENCRYPTION_KEY.toString('base64url'),
    ERS_RATE_LIMIT_PER_SECOND: '1',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const offline: typeof fetch = async () => {
    throw new Error('no network in this test');
  };
  const { app } = await createBff(config, createLogger('silent'), {
    fetch: offline,
    store,
    ersDispatcher: upstream.dispatcher,
    ...overrides,
  });
  // A session as sign-in makes one, in the store the BFF reads (as a second instance would).
  const sessions = createSessionManager({
    store,
    idleMs: config.SESSION_IDLE_MINUTES * 60_000,
    absoluteMs: config.SESSION_ABSOLUTE_MINUTES * 60_000,
    now: Date.now,
    encryptionKey: SESSION_ENCRYPTION_KEY,
  });
  const { id } = await sessions.create(newSession());
  const referralCall = () =>
    app.request(`/api/referrals/${UBRN}`, {
      headers: { 'X-CSRF': '1', cookie: `${SESSION_COOKIE}=${id}` },
    });
  return { referralCall, upstream };
}

describe('the e-RS limiter', () => {
  it('is the configured one by default: a second call in the same second waits its turn', async () => {
    const { referralCall, upstream } = await bffWith({});
    const started = performance.now();
    const statuses = [(await referralCall()).status, (await referralCall()).status];
    expect(statuses).toEqual([200, 200]);
    expect(performance.now() - started).toBeGreaterThan(500);
    expect(upstream.ersCalls()).toHaveLength(2);
  });

  it('is the injected one when one is given, for every e-RS call', async () => {
    let takes = 0;
    const unlimited: RateLimiter = {
      take: async () => {
        takes += 1;
        return { granted: true };
      },
    };
    // The session's share (capped at the configured 1/s) is lifted too: only `unlimited` decides.
    const { referralCall, upstream } = await bffWith({
      ersLimiter: unlimited,
      ersSessionLimiter: { take: async () => ({ granted: true }) },
    });
    const responses = await Promise.all([referralCall(), referralCall(), referralCall()]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(takes).toBe(3);
    expect(upstream.ersCalls()).toHaveLength(3);
  });

  it('each session has its configured share of it: a second call in the same second waits', async () => {
    const unlimited: RateLimiter = { take: async () => ({ granted: true }) };
    const { referralCall, upstream } = await bffWith(
      { ersLimiter: unlimited },
      { ERS_SESSION_RATE_LIMIT_PER_SECOND: '1' },
    );
    const started = performance.now();
    const statuses = [(await referralCall()).status, (await referralCall()).status];
    expect(statuses).toEqual([200, 200]);
    expect(performance.now() - started).toBeGreaterThan(500);
    expect(upstream.ersCalls()).toHaveLength(2);
  });

  it('refuses as the injected one says, without calling e-RS', async () => {
    const closed: RateLimiter = { take: async () => ({ granted: false, retryAfterMs: 60_000 }) };
    const { referralCall, upstream } = await bffWith({ ersLimiter: closed });
    const response = await referralCall();
    expect(response.status).toBe(503);
    expect(upstream.ersCalls()).toHaveLength(0);
  });
});
