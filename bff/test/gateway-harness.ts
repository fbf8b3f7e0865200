/**
 * The BFF app built from its dependencies for gateway tests: a real session (made through the
 * session manager, as sign-in makes one), fake AccessTokens the test controls, and e-RS plus
 * its object store played by an undici MockAgent with the network disabled, so nothing leaves
 * the machine and every upstream request is recorded exactly as the BFF sent it.
 *
 * Test infrastructure only.
 */
import { readFileSync } from 'node:fs';
import { MockAgent, type Dispatcher } from 'undici';
import { SPEC_PATH } from '@ers/fixtures/spec';
import type { BusinessFunction } from '@ers/shared/bff-contract';
import type { AccessTokenOutcome, AccessTokens } from '../src/apim/access-tokens';
import { createAuditLogger } from '../src/audit/audit';
import type { Cis2Client } from '../src/auth/cis2-client';
import { createErsConnection, type ErsConnectionOptions } from '../src/ers/connection';
import { createApp, type AppDeps } from '../src/app';
import { createLogger } from '../src/logging/logger';
import { SESSION_COOKIE } from '../src/session/cookies';
import { createMemoryStore } from '../src/session/memory-store';
import type { NewSession } from '../src/session/session';
import { createSessionManager } from '../src/session/session-manager';

export const PUBLIC_ORIGIN = 'https://ers-client.example.nhs.uk';
export const INT_ORIGIN = 'https://int.api.service.nhs.uk';
export const INT_ERS_BASE = `${INT_ORIGIN}/referrals/FHIR`;
export const OBJECT_STORE_ORIGIN = 'https://ers-attachments.s3.eu-west-2.amazonaws.com';
export const NHS_NUMBER = '9912003888';

export type LogLine = Record<string, unknown>;

// --- The e-RS specification's own examples, as fixtures -----------------------------------------

type Spec = {
  paths: Record<string, Record<string, { responses: Record<string, SpecResponse> }>>;
  components: { responses?: Record<string, SpecResponse> };
};
type SpecResponse = {
  $ref?: string;
  content?: Record<string, { examples?: Record<string, { value?: unknown; $ref?: string }> }>;
};

let spec: Spec | undefined;
function loadSpec(): Spec {
  spec ??= JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Spec;
  return spec;
}

function resolve<T>(node: T & { $ref?: string }): T {
  if (!node.$ref) return node;
  let target: unknown = loadSpec();
  for (const part of node.$ref.replace(/^#\//, '').split('/')) {
    target = (target as Record<string, unknown>)[part.replace(/~1/g, '/')];
  }
  return resolve(target as T & { $ref?: string });
}

/** A 200 example from the spec, e.g. `specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs')`. */
export function specExample(path: string, method: string, name: string): unknown {
  const response = resolve(loadSpec().paths[path]![method]!.responses['200']!);
  const example = Object.values(response.content ?? {})[0]?.examples?.[name];
  if (!example) throw new Error(`no example ${name} for ${method} ${path}`);
  return structuredClone(resolve(example).value);
}

export const clone = <T>(value: T): T => structuredClone(value);

// --- A fake upstream on a MockAgent -----------------------------------------------------------

export type UpstreamCall = {
  origin: string;
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string | undefined;
};

export type FakeReply = {
  status: number;
  /** Objects are sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
};

type Route = {
  origin: string;
  method: string;
  path: string | RegExp;
  replies: (FakeReply | ((call: UpstreamCall) => FakeReply))[];
};

function normaliseHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2) {
      result[String(headers[index]).toLowerCase()] = String(headers[index + 1]);
    }
  } else if (headers instanceof Headers) {
    headers.forEach((value, name) => (result[name.toLowerCase()] = value));
  } else if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) result[name.toLowerCase()] = String(value);
  }
  return result;
}

export function createFakeUpstream(origins: string[] = [INT_ORIGIN, OBJECT_STORE_ORIGIN]) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const calls: UpstreamCall[] = [];
  const routes: Route[] = [];

  for (const origin of origins) {
    agent
      .get(origin)
      .intercept({ path: () => true, method: () => true })
      .reply((options) => {
        const call: UpstreamCall = {
          origin,
          method: options.method,
          path: options.path,
          headers: normaliseHeaders(options.headers),
          body: typeof options.body === 'string' ? options.body : undefined,
        };
        calls.push(call);
        const route = routes.find(
          (each) =>
            each.origin === origin &&
            each.method === call.method &&
            (typeof each.path === 'string' ? each.path === call.path : each.path.test(call.path)),
        );
        if (!route)
          return { statusCode: 599, data: `no fake route for ${call.method} ${call.path}` };
        const next = route.replies.length > 1 ? route.replies.shift()! : route.replies[0]!;
        const reply = typeof next === 'function' ? next(call) : next;
        const isBinary = Buffer.isBuffer(reply.body) || typeof reply.body === 'string';
        return {
          statusCode: reply.status,
          data:
            reply.body === undefined
              ? ''
              : isBinary
                ? (reply.body as Buffer | string)
                : JSON.stringify(reply.body),
          responseOptions: {
            headers: {
              ...(reply.body !== undefined && !isBinary
                ? { 'content-type': 'application/fhir+json' }
                : {}),
              ...reply.headers,
            },
          },
        };
      })
      .persist();
  }

  return {
    dispatcher: agent as Dispatcher,
    calls,
    /** Answers `method origin+path` with `replies` in turn; the last one repeats. */
    on(
      method: string,
      path: string | RegExp,
      ...replies: (FakeReply | ((call: UpstreamCall) => FakeReply))[]
    ) {
      const origin =
        typeof path === 'string' && path.startsWith('http') ? new URL(path).origin : INT_ORIGIN;
      const relative =
        typeof path === 'string' && path.startsWith('http') ? path.slice(origin.length) : path;
      routes.unshift({ origin, method, path: relative, replies });
    },
    /** Calls to e-RS (not the object store). */
    ersCalls: () => calls.filter((call) => call.origin === INT_ORIGIN),
    close: () => agent.close(),
  };
}

export type FakeUpstream = ReturnType<typeof createFakeUpstream>;

// --- Access tokens the test controls --------------------------------------------------------

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

// --- Sessions ----------------------------------------------------------------------------------

export type SessionOptions = {
  sub?: string;
  name?: string;
  odsCode?: string;
  businessFunction?: BusinessFunction;
  onBehalfOf?: { userId: string; name: string };
};

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
    cis2: { idToken: 'id-token', idTokenExpiresAt: Date.now() + 300_000, authTime: Date.now() },
    apim: {
      accessToken: 'apim-token-1',
      accessTokenExpiresAt: Date.now() + 599_000,
      refreshToken: 'refresh-1',
    },
  };
}

// --- The app ---------------------------------------------------------------------------------

const cis2Unreachable = () => Promise.reject(new Error('no CIS2 in gateway tests'));
const unreachableCis2 = {
  authorizationServer: cis2Unreachable,
  authorizationUrl: cis2Unreachable,
  completeSignIn: cis2Unreachable,
  endSessionUrl: cis2Unreachable,
  validateLogoutToken: async () => ({ ok: false, reason: 'no CIS2 in gateway tests' }) as const,
} satisfies Cis2Client;

export type GatewayOptions = {
  session?: SessionOptions;
  upstream?: FakeUpstream;
  /** Instead of the MockAgent (e.g. an Agent pointed at a node:http fake). */
  dispatcher?: Dispatcher;
  client?: Partial<ErsConnectionOptions>;
  accessTokens?: ReturnType<typeof fakeAccessTokens>;
  now?: () => number;
};

export async function startGateway(options: GatewayOptions = {}) {
  const upstream = options.upstream ?? createFakeUpstream();
  const logs: LogLine[] = [];
  const audits: LogLine[] = [];
  const rawLog: string[] = [];
  const log = createLogger('info', {
    write: (line: string) => {
      rawLog.push(line);
      logs.push(JSON.parse(line) as LogLine);
    },
  });
  const audit = createAuditLogger({
    write: (line: string) => {
      rawLog.push(line);
      audits.push(JSON.parse(line) as LogLine);
    },
  });
  const now = options.now ?? Date.now;
  const store = createMemoryStore(now);
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
    ...options.client,
  });
  const deps: AppDeps = {
    log,
    store,
    sessions,
    // Only sign-in uses CIS2; gateway tests start from a session, so CIS2 is never there.
    cis2: unreachableCis2,
    apim: null,
    accessTokens,
    ers,
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

  /** A request as the SPA makes it: session cookie and X-CSRF, plus whatever `init` adds. */
  async function request(path: string, init: RequestInit & { sessionId?: string } = {}) {
    const headers = new Headers(init.headers);
    const cookie = `${SESSION_COOKIE}=${init.sessionId ?? defaultSessionId}`;
    headers.set('cookie', headers.has('cookie') ? `${headers.get('cookie')}; ${cookie}` : cookie);
    if (!headers.has('X-CSRF')) headers.set('X-CSRF', '1');
    return app.request(new URL(path, PUBLIC_ORIGIN).toString(), { ...init, headers });
  }

  return {
    app,
    upstream,
    accessTokens,
    logs,
    audits,
    /** Every line written to either stream, as written. */
    rawLog,
    sleeps,
    signIn,
    request,
    /** Idempotent: afterEach may meet a gateway a test already closed. */
    async close() {
      if (closed) return;
      closed = true;
      await ers.close();
      await upstream.close();
    },
  };
}

export type Gateway = Awaited<ReturnType<typeof startGateway>>;

export async function problemOf(response: Response) {
  expectProblem(response);
  return (await response.json()) as Record<string, unknown>;
}

function expectProblem(response: Response) {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('application/problem+json')) {
    throw new Error(`expected a problem, got ${response.status} ${type}`);
  }
}
