/**
 * The BFF app built from its dependencies (createApp) for tests of the e-RS gateway: a real
 * session made through the session manager (as sign-in makes one), access tokens the test
 * controls, e-RS as a MockAgent (ers-upstream.ts) or any other dispatcher, and no CIS2 at all:
 * these tests start from a session, and only sign-in talks to CIS2.
 */
import type { Dispatcher } from 'undici';
import type { BusinessFunction } from '@ers/shared/bff-contract';
import type { AccessTokenOutcome, AccessTokens } from '../../src/apim/access-tokens';
import type { Cis2Client } from '../../src/auth/cis2-client';
import { createErsConnection, type ErsConnectionOptions } from '../../src/ers/connection';
import { createApp, type AppDeps } from '../../src/app';
import { createMemoryStore } from '../../src/session/memory-store';
import type { NewSession } from '../../src/session/session';
import type { KeyValueStore } from '../../src/session/store';
import { createSessionManager } from '../../src/session/session-manager';
import { Browser } from './browser';
import { captureLogs } from './capture';
import { SESSION_COOKIE } from './cookies';
import { createFakeUpstream, type FakeUpstream } from './ers-upstream';
import { createPdsConnection, type PdsConnectionOptions } from '../../src/pds/connection';
import {
  INT_ERS_BASE,
  INT_ORIGIN,
  OBJECT_STORE_ADDRESS,
  OBJECT_STORE_ORIGIN,
  PUBLIC_ORIGIN,
} from './test-config';

/** The NHS number in the spec's referral examples: it must never reach a log. */
export const NHS_NUMBER = '9912003888';

/** Access tokens the test controls: what `current()` answers and what a renewal gives. */
export function fakeAccessTokens(first: string | null = 'apim-token-1') {
  const renewals: { rejected: string | null }[] = [];
  let current: AccessTokenOutcome = { ok: true, accessToken: first };
  let renewTo: AccessTokenOutcome = { ok: true, accessToken: 'apim-token-2' };
  const tokens: AccessTokens & {
    renewals: typeof renewals;
    currentCalls: number;
    setCurrent(outcome: AccessTokenOutcome): void;
    setRenewal(outcome: AccessTokenOutcome): void;
  } = {
    renewals,
    currentCalls: 0,
    async current() {
      tokens.currentCalls += 1;
      return current;
    },
    async renew(_id, _session, rejected) {
      renewals.push({ rejected });
      if (renewTo.ok) current = renewTo;
      return renewTo;
    },
    setCurrent(outcome) {
      current = outcome;
    },
    setRenewal(outcome) {
      renewTo = outcome;
    },
  };
  return tokens;
}

export type SessionOptions = {
  sub?: string;
  name?: string;
  odsCode?: string;
  businessFunction?: BusinessFunction;
  onBehalfOf?: { userId: string; name: string };
  /** What e-RS A030 listed; by default the one pair acted in. */
  ersRoles?: NewSession['ersRoles'];
};

/**
 * A session as a successful sign-in and the first e-RS request leave it (A030 asked, its one pair
 * chosen), for a Service Provider Clinician by default.
 */
export function newSession(options: SessionOptions = {}): NewSession {
  const odsCode = options.odsCode ?? 'R69';
  return {
    sub: options.sub ?? '555032006106',
    sid: 'cis2-session-1',
    name: options.name ?? 'Dr Priya Shah',
    role: {
      id: '555032008102',
      name: 'Consultant',
      code: 'S0010:G0020:R8000',
      organisation: { odsCode, name: 'Royal Example Hospital' },
      activityCodes: ['B1110'],
    },
    actingAs: {
      odsCode,
      businessFunction: options.businessFunction ?? 'SERVICE_PROVIDER_CLINICIAN',
      ...(options.onBehalfOf ? { onBehalfOf: options.onBehalfOf } : {}),
    },
    // As if e-RS A030 had been asked already and listed that pair.
    ersRoles: options.ersRoles ?? [
      { odsCode, businessFunctions: [options.businessFunction ?? 'SERVICE_PROVIDER_CLINICIAN'] },
    ],
    cis2: { idToken: 'id-token', idTokenExpiresAt: Date.now() + 300_000, authTime: Date.now() },
    apim: {
      accessToken: 'apim-token-1',
      accessTokenExpiresAt: Date.now() + 599_000,
      refreshToken: 'refresh-1',
    },
  };
}

const noCis2 = () => Promise.reject(new Error('no CIS2 in this test'));
/** For an app that must never reach CIS2: sign-in fails as if CIS2 were down. */
export const unreachableCis2 = {
  authorizationServer: noCis2,
  authorizationUrl: noCis2,
  completeSignIn: noCis2,
  endSessionRequest: noCis2,
  validateLogoutToken: async () => ({ ok: false, reason: 'no CIS2 in this test' }) as const,
} satisfies Cis2Client;

export type GatewayOptions = {
  session?: SessionOptions;
  upstream?: FakeUpstream;
  /** Instead of the MockAgent (e.g. an Agent pointed at a node:http fake). */
  dispatcher?: Dispatcher;
  client?: Partial<ErsConnectionOptions>;
  accessTokens?: ReturnType<typeof fakeAccessTokens>;
  now?: () => number;
  /** Instead of a fresh memory store (e.g. a recording one, to see what a request wrote). */
  store?: KeyValueStore;
  /** PDS on INT's host through the same dispatcher (PDS_BASE); `null`: none configured. */
  pds?: Partial<PdsConnectionOptions> | null;
  pdsIsSandbox?: boolean;
};

export const PDS_BASE = `${INT_ORIGIN}/personal-demographics/FHIR/R4`;

export type Gateway = Awaited<ReturnType<typeof startGateway>>;

export async function startGateway(options: GatewayOptions = {}) {
  const upstream = options.upstream ?? createFakeUpstream();
  const { log, audit, logs, audits, raw } = captureLogs();
  const now = options.now ?? Date.now;
  const store = options.store ?? createMemoryStore(now);
  const sessions = createSessionManager({
    store,
    idleMs: 15 * 60_000,
    absoluteMs: 12 * 60 * 60_000,
    now,
  });
  const accessTokens = options.accessTokens ?? fakeAccessTokens();
  const sleeps: number[] = [];
  const ers = createErsConnection({
    baseUrl: INT_ERS_BASE,
    dispatcher: options.dispatcher ?? upstream.dispatcher,
    // No test waits for real back-off unless it asks to.
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    // As INT would be configured; DNS is the test's, never the network's.
    objectStore: {
      hosts: [new URL(OBJECT_STORE_ORIGIN).host],
      allowHttp: false,
      allowLoopback: false,
      resolve: async () => [OBJECT_STORE_ADDRESS],
    },
    ...options.client,
  });
  const pds =
    options.pds === null
      ? null
      : createPdsConnection({
          baseUrl: PDS_BASE,
          dispatcher: options.dispatcher ?? upstream.dispatcher,
          sleep: async (ms) => {
            sleeps.push(ms);
          },
          random: () => 0.5,
          now,
          ...options.pds,
        });
  const deps: AppDeps = {
    log,
    store,
    sessions,
    cis2: unreachableCis2,
    apim: null,
    accessTokens,
    ers,
    pds,
    pdsIsSandbox: options.pdsIsSandbox ?? false,
    audit,
    publicJwks: { keys: [] },
    https: true,
    publicOrigin: PUBLIC_ORIGIN,
    logout: 'local',
    now,
  };
  const app = createApp(deps);

  async function signIn(session: SessionOptions = options.session ?? {}) {
    const { id } = await sessions.create(newSession(session));
    return id;
  }
  const defaultSessionId = await signIn();
  let closed = false;

  /**
   * A request as the SPA makes it: the session cookie and `X-CSRF: 1` unless `init` sets its own.
   * A fresh browser each time, so a cookie the BFF clears is sent again, as a stale tab would.
   */
  function request(path: string, init: RequestInit & { sessionId?: string } = {}) {
    const { sessionId = defaultSessionId, ...rest } = init;
    const spa = new Browser({ origin: PUBLIC_ORIGIN, app, headers: { 'X-CSRF': '1' } });
    spa.setCookie(SESSION_COOKIE, sessionId);
    return spa.fetch(path, rest);
  }

  return {
    app,
    upstream,
    accessTokens,
    logs,
    audits,
    /** Every line written to either stream, as written. */
    rawLog: raw,
    sleeps,
    signIn,
    request,
    /** Idempotent: afterEach may meet a gateway a test already closed. */
    async close() {
      if (closed) return;
      closed = true;
      await ers.close();
      await pds?.close();
      await upstream.close();
    },
  };
}
