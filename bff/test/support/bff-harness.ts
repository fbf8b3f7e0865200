/**
 * The BFF built in-process against the fake CIS2 (see fake-cis2.ts), driven with Hono's
 * `app.request()`: no server, no sockets. A `Browser` carries cookies the way a browser would, and
 * the store the BFF is given records every operation, so a test can tell whether a refused
 * callback wrote anything at all.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config/config';
import { createBff } from '../../src/server';
import { createLogger } from '../../src/logging/logger';
import { createMemoryStore } from '../../src/session/memory-store';
import type { KeyValueStore } from '../../src/session/store';
import {
  APIM_INT_TOKEN_URL,
  CIS2_INT_ISSUER,
  createFakeCis2,
  type AuthorizationResponse,
  type FakeCis2,
} from './fake-cis2';

export const PUBLIC_ORIGIN = 'https://ers-client.example.nhs.uk';
export const CALLBACK_URL = `${PUBLIC_ORIGIN}/bff/callback`;
export const CIS2_CLIENT_ID = '128448876589.apps.supplier';
export const SIGNING_KEY_ID = 'ers-bff-test-1';
/** Cookie names from the brief, written out so these tests do not follow a rename silently. */
export const SESSION_COOKIE = '__Host-Http-ers-session';
export const LOGIN_COOKIE = '__Host-Http-ers-login';
export const SIGN_IN_PROBLEM = '/sign-in-problem';

// The BFF's own signing key (private_key_jwt to CIS2, client assertions to APIM), made per run.
const bffKey = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
export const BFF_PUBLIC_KEY_PEM = bffKey.publicKey;
const SESSION_ENCRYPTION_KEY = randomBytes(32).toString('base64url');

export function testConfig(overrides: Record<string, string | undefined> = {}) {
  return loadConfig({
    PUBLIC_ORIGIN,
    CIS2_ISSUER: CIS2_INT_ISSUER,
    CIS2_CLIENT_ID,
    APIM_TOKEN_URL: APIM_INT_TOKEN_URL,
    APIM_API_KEY: 'apim-test-api-key',
    ERS_BASE_URL: 'https://int.api.service.nhs.uk/referrals/FHIR',
    SIGNING_KEY_PEM: bffKey.privateKey,
    SIGNING_KEY_ID,
    // Fixed per run, so two instances over one store read each other's sign-ins (as with Redis).
    SESSION_ENCRYPTION_KEY: SESSION_ENCRYPTION_KEY,
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export type StoreOperation = { op: string; key: string };

/**
 * Wraps a store and records every call that names a key. Forwards whatever the store offers, so
 * it keeps working as the KeyValueStore interface grows.
 */
export function recordingStore(inner: KeyValueStore) {
  const operations: StoreOperation[] = [];
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof args[0] === 'string') operations.push({ op: String(property), key: args[0] });
        return Reflect.apply(value, target, args);
      };
    },
  });
  return { store, operations };
}

/** Store calls that add or replace data (`set`, `setIfAbsent`, `addToSet`, ...). */
export const isWrite = (operation: StoreOperation) => /^(set|add)/i.test(operation.op);

type App = Awaited<ReturnType<typeof createBff>>['app'];

/**
 * A cookie jar in front of `app.request()`; redirects are never followed. `app` is the instance
 * it talks to, which a test may change (a load balancer sending the next request elsewhere).
 */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(public app: App) {}

  async request(pathOrUrl: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set(
        'cookie',
        [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      );
    }
    const response = await this.app.request(new URL(pathOrUrl, PUBLIC_ORIGIN).toString(), {
      ...init,
      headers,
    });
    for (const { name, value, expired } of setCookies(response)) {
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** `/bff/user` as the SPA asks for it (the CSRF header is required there). */
  user(): Promise<Response> {
    return this.request('/bff/user', { headers: { 'X-CSRF': '1' } });
  }
}

export function setCookies(response: Response) {
  return response.headers.getSetCookie().map((line) => {
    const [pair = '', ...attributes] = line.split(';');
    const index = pair.indexOf('=');
    return {
      line,
      name: pair.slice(0, index).trim(),
      value: pair.slice(index + 1).trim(),
      expired: attributes.some((attribute) =>
        /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute),
      ),
    };
  });
}

/** A Set-Cookie that would give the browser a session (non-empty value, not a deletion). */
export function sessionCookieSet(response: Response): boolean {
  return setCookies(response).some(
    (cookie) => cookie.name === SESSION_COOKIE && cookie.value !== '' && !cookie.expired,
  );
}

export type LogLine = Record<string, unknown>;

export type TestBff = Awaited<ReturnType<typeof startBff>>;

export async function startBff(
  options: {
    config?: Record<string, string | undefined>;
    fake?: FakeCis2;
    /** Shared with another instance, as Redis would be. */
    store?: KeyValueStore;
  } = {},
) {
  const fake = options.fake ?? (await createFakeCis2());
  const config = testConfig({
    CIS2_ISSUER: fake.issuer,
    APIM_TOKEN_URL: fake.apimTokenUrl,
    ...options.config,
  });
  const logs: LogLine[] = [];
  const log = createLogger('info', {
    write: (line: string) => {
      logs.push(JSON.parse(line) as LogLine);
    },
  });
  const recording = recordingStore(options.store ?? createMemoryStore());
  const { app } = await createBff(config, log, { fetch: fake.fetch, store: recording.store });

  /** `GET /bff/login`; `query` is sent as is (already URL-encoded, as a browser sends it). */
  async function login(browser: Browser, query = '') {
    browser.app = app;
    const response = await browser.request(`/bff/login${query}`);
    expect(response.status, await bodyOf(response)).toBe(302);
    const location = response.headers.get('location') ?? '';
    return { response, location };
  }

  /** Delivers a callback; also reports what it wrote to the store and logged meanwhile. */
  async function callback(browser: Browser, callbackUrl: string) {
    const operationsBefore = recording.operations.length;
    const logsBefore = logs.length;
    browser.app = app;
    const response = await browser.request(callbackUrl);
    return {
      response,
      location: response.headers.get('location'),
      storeWrites: recording.operations.slice(operationsBefore).filter(isWrite),
      logs: logs.slice(logsBefore),
    };
  }

  /** Login, CIS2 (the fake), callback: the whole round trip a browser makes. */
  async function signIn(
    browser: Browser,
    options: { query?: string; response?: AuthorizationResponse } = {},
  ) {
    const started = await login(browser, options.query);
    const callbackUrl = fake.authorize(started.location, options.response);
    return { login: started, callbackUrl, ...(await callback(browser, callbackUrl)) };
  }

  return {
    app,
    fake,
    config,
    logs,
    storeOperations: recording.operations,
    store: recording.store,
    browser: () => new Browser(app),
    login,
    callback,
    signIn,
  };
}

async function bodyOf(response: Response) {
  return response
    .clone()
    .text()
    .catch(() => '');
}

/**
 * The refusal contract: the callback redirects to the sign-in problem page with `reason`, sends
 * no session cookie, writes nothing session-like to the store, never hands the ID token to APIM,
 * and the browser is not signed in afterwards. `because` is matched against what the BFF logged
 * for the refusal, so a test cannot pass because something else broke first.
 */
export async function expectRefused(
  bff: TestBff,
  browser: Browser,
  callback: Awaited<ReturnType<TestBff['callback']>>,
  reason: string,
  because?: RegExp,
) {
  expect(callback.response.status).toBe(302);
  expect(callback.location).toBe(`${SIGN_IN_PROBLEM}?reason=${reason}`);
  expect(sessionCookieSet(callback.response)).toBe(false);
  expect(callback.storeWrites.filter((write) => write.key.includes('session'))).toEqual([]);
  expect(callback.storeWrites).toEqual([]);
  expect(bff.fake.apimRequests()).toHaveLength(0);
  expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
  const user = await browser.user();
  expect(user.status).toBe(401);
  if (because) {
    const warnings = callback.logs.filter((line) => Number(line.level) >= 40);
    expect(JSON.stringify(warnings)).toMatch(because);
  }
}
