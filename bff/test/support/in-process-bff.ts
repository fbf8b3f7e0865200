/**
 * The BFF built from configuration in this process (createBff, as in production) and driven with
 * `app.request()`: no server, no sockets. Its store records every operation and its log is
 * captured, so a test can see what one request wrote and logged. CIS2 and APIM are whatever the
 * injected `fetch` answers (the forged CIS2, or a stub that refuses).
 */
import { createBff, type BffOverrides } from '../../src/server';
import { createMemoryStore } from '../../src/session/memory-store';
import type { KeyValueStore } from '../../src/session/store';
import { Browser } from './browser';
import { captureLogs } from './capture';
import { isWrite, recordingStore } from './recording-store';
import { PUBLIC_ORIGIN, testConfig } from './test-config';

export type InProcessBffOptions = {
  /** Settings over testConfig()'s. */
  config?: Record<string, string | undefined>;
  fetch?: typeof fetch;
  /** Shared with another instance, as Redis would be. */
  store?: KeyValueStore;
  now?: () => number;
};

export type InProcessBff = Awaited<ReturnType<typeof startBff>>;

/** For a BFF that must never reach CIS2 or APIM: any attempt fails as a network error would. */
export const offline: typeof fetch = async (input) => {
  throw new TypeError(`no network in this test (${String(input)})`);
};

export async function startBff(options: InProcessBffOptions = {}) {
  const config = testConfig(options.config);
  const { log, logs } = captureLogs();
  const recording = recordingStore(options.store ?? createMemoryStore());
  const overrides: BffOverrides = { fetch: options.fetch ?? offline, store: recording.store };
  if (options.now) overrides.now = options.now;
  const { app, close } = await createBff(config, log, overrides);

  /** `GET /bff/login` on this instance; `query` is sent as is (already URL-encoded). */
  async function login(browser: Browser, query = '') {
    browser.app = app;
    const response = await browser.request(`/bff/login${query}`);
    const location = response.headers.get('location');
    if (response.status !== 302 || !location) {
      throw new Error(`/bff/login answered ${response.status}: ${response.body}`);
    }
    return { response, location };
  }

  /** Delivers a callback to this instance; reports what it wrote to the store and logged. */
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

  return {
    app,
    config,
    logs,
    store: recording.store,
    storeOperations: recording.operations,
    browser: () => new Browser({ origin: PUBLIC_ORIGIN, app }),
    login,
    callback,
    close,
  };
}

export type Callback = Awaited<ReturnType<InProcessBff['callback']>>;
