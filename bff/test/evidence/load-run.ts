/**
 * The load part of the evidence suite: signed-in sessions in several acting contexts, each
 * sending requests for a fixed time to the BFF over the stand-ins (loopback only), every answer
 * checked against what that session got for that same request before the load started. Bounded
 * in time, sessions and requests whatever the settings say.
 */
import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { availableParallelism, loadavg } from 'node:os';
import { createClient } from 'redis';
import { isDeepStrictEqual } from 'node:util';
import { WORKLIST_BUSINESS_FUNCTIONS, WORKLIST_TYPES } from '@ers/shared/worklist-access';
import {
  Browser,
  signIn,
  startLocalEnvironment,
  startRedis,
  type LocalEnvironment,
  type TestRedis,
} from '../support/harness';

export type LoadSettings = { sessions: number; seconds: number; inFlightPerSession: number };

/** Never more than this, whatever the environment asks: the suite must end, and end soon. */
export const LOAD_BOUNDS = {
  sessions: 200,
  seconds: 120,
  inFlightPerSession: 4,
  requests: 500_000,
};

const setting = (name: string, fallback: number, max: number) => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isInteger(value) && value > 0 ? Math.min(value, max) : fallback;
};

/** `npm test` runs it briefly; `evidence:load` sets the environment for a longer run. */
export function loadSettings(): LoadSettings {
  return {
    sessions: setting('EVIDENCE_LOAD_SESSIONS', 12, LOAD_BOUNDS.sessions),
    seconds: setting('EVIDENCE_LOAD_SECONDS', 4, LOAD_BOUNDS.seconds),
    inFlightPerSession: setting('EVIDENCE_LOAD_IN_FLIGHT', 2, LOAD_BOUNDS.inFlightPerSession),
  };
}

type Context = { odsCode: string; businessFunction: string };

/** Who signs in, round robin: six acting contexts, one of them chosen after sign-in. */
const PEOPLE: { uid: string; roleId?: string; choose?: Context }[] = [
  { uid: '555032006106' }, // service provider clinician at RCD
  { uid: '555073103100', roleId: '555073103100201' }, // referring clinician at D82106
  {
    uid: '555073103100',
    roleId: '555073103100201',
    choose: { odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
  },
  { uid: '656005750109' }, // referring clinician at RCD
  { uid: '555031998104' }, // SPC admin at RCD, on behalf of Dr Priya Shah
  { uid: '555032006103' }, // service provider admin at RCD
];

const CSRF = { 'X-CSRF': '1' };

/** One request a session repeats, and the answer it must get each time. */
type Probe = {
  path: string;
  expected: unknown;
  mine: (body: unknown) => unknown;
  /** The answer names the session (who, in which context): another session's would differ. */
  namesSession: boolean;
};

type LoadSession = { browser: Browser; label: string; probes: Probe[] };

export type LoadFigures = LoadSettings & {
  contexts: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  crossed: number;
  /** Resident memory of this one process: BFF, stand-ins and load generator together. */
  rssBeforeMb: number;
  rssAfterMb: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  redisBytesPerSession: number;
  redisKeysPerSession: number;
  /** The machine's 1-minute load average at the end: above its core count, figures mean less. */
  loadAverage: number;
  /**
   * The check checked, after the load: answers from another session, or to another request,
   * compared as if they were the asker's own. Each must be caught, or 0 crossed proves nothing.
   */
  controlCaught: number;
  controlSent: number;
  examples: string[];
};

async function json(browser: Browser, path: string, init: RequestInit = {}) {
  const response = await browser.fetch(path, { ...init, headers: { ...CSRF, ...init.headers } });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const field = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
    value,
  );

/**
 * Signs in, settles the acting context, and records each request's answer. `/bff/user` is
 * compared on what is this session's alone (who, in which context, and its absolute deadline,
 * which no two sessions signed in one after another share); the rest in full.
 */
async function prepare(env: LocalEnvironment, index: number): Promise<LoadSession> {
  const person = PEOPLE[index % PEOPLE.length]!;
  const browser = new Browser({ origin: env.origin });
  await signIn(browser, env.origin, person.uid, person.roleId ? { roleId: person.roleId } : {});
  if (person.choose) {
    const chosen = await json(browser, '/api/acting-context', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(person.choose),
    });
    if (chosen.status !== 200) throw new Error(`choosing ${JSON.stringify(person.choose)} failed`);
  }
  const paths = ['/api/acting-context'];
  const context = field((await json(browser, '/api/acting-context')).body, 'current') as Context;
  const listType = WORKLIST_TYPES.find((type) =>
    (WORKLIST_BUSINESS_FUNCTIONS[type] as readonly string[]).includes(context.businessFunction),
  );
  if (listType) {
    const worklist = await json(browser, `/api/worklists/${listType}`);
    if (worklist.status === 200) {
      paths.push(`/api/worklists/${listType}`);
      const items = (field(worklist.body, 'items') ?? []) as { ubrn: string }[];
      for (const { ubrn } of items.slice(0, 3)) {
        if ((await json(browser, `/api/referrals/${ubrn}`)).status === 200) {
          paths.push(`/api/referrals/${ubrn}`);
        }
      }
    }
  }
  const whole = (body: unknown) => body;
  const probes: Probe[] = [];
  const userPath = '/bff/user?slide=false';
  const user = (body: unknown) => [
    field(body, 'user', 'uid'),
    field(body, 'user', 'actingAs'),
    field(body, 'session', 'expiresAt'),
  ];
  const expected = user((await json(browser, userPath)).body);
  probes.push({ path: userPath, expected, mine: user, namesSession: true });
  for (const path of paths) {
    const answer = await json(browser, path);
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} before the load`);
    const namesSession = path === '/api/acting-context';
    probes.push({ path, expected: answer.body, mine: whole, namesSession });
  }
  const label = `${person.uid} ${context.odsCode} ${context.businessFunction}`;
  return { browser, label, probes };
}

/** Every key in the (throwaway, this run's own) Redis but the rate limiters' second counters. */
async function redisUsage(url: string) {
  const client = createClient({ url });
  await client.connect();
  try {
    let bytes = 0;
    let keys = 0;
    for await (const batch of client.scanIterator({ COUNT: 500 })) {
      for (const key of batch) {
        if (key.includes('ers-rate:')) continue;
        keys += 1;
        bytes += (await client.memoryUsage(key)) ?? 0;
      }
    }
    return { bytes, keys };
  } finally {
    client.destroy();
  }
}

/**
 * The live heap after a full collection: unlike RSS, it does not include what V8 has not yet
 * bothered to collect, so before and after compare what the run left behind.
 */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function runLoad(settings: LoadSettings = loadSettings()): Promise<LoadFigures> {
  let redis: TestRedis | undefined;
  let env: LocalEnvironment | undefined;
  try {
    redis = await startRedis();
    env = await startLocalEnvironment({
      logLevel: 'silent',
      // The e-RS limits are tested on their own: here they would only measure themselves.
      standinRateLimitPerSecond: 100_000,
      env: {
        ERS_RATE_LIMIT_PER_SECOND: '1000',
        ERS_SESSION_RATE_LIMIT_PER_SECOND: '1000',
        REDIS_URL: redis.url,
        SESSION_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
      },
    });
    const { hostname } = new URL(env.origin);
    if (hostname !== 'localhost' && hostname !== '127.0.0.1') throw new Error('loopback only');

    const rssBefore = process.memoryUsage().rss;
    const heapBefore = heapAfterGc();
    const sessions: LoadSession[] = [];
    for (let i = 0; i < settings.sessions; i += 1) sessions.push(await prepare(env, i));
    const usage = await redisUsage(redis.url);

    const latencies: number[] = [];
    const examples: string[] = [];
    let errors = 0;
    let crossed = 0;
    const started = performance.now();
    const until = started + settings.seconds * 1000;
    const loop = async (session: LoadSession, offset: number) => {
      for (let i = offset; performance.now() < until; i += 1) {
        if (latencies.length >= LOAD_BOUNDS.requests) return;
        const probe = session.probes[i % session.probes.length]!;
        const sent = performance.now();
        try {
          const answer = await json(session.browser, probe.path);
          latencies.push(performance.now() - sent);
          if (answer.status !== 200) {
            errors += 1;
            if (examples.length < 5) examples.push(`${probe.path}: ${answer.status}`);
          } else if (!isDeepStrictEqual(probe.mine(answer.body), probe.expected)) {
            crossed += 1;
            if (examples.length < 5) examples.push(`${session.label} ${probe.path}: not its own`);
          }
        } catch (error) {
          errors += 1;
          if (examples.length < 5) examples.push(`${probe.path}: ${String(error)}`);
        }
      }
    };
    await Promise.all(
      sessions.flatMap((session) =>
        Array.from({ length: settings.inFlightPerSession }, (_, lane) => loop(session, lane)),
      ),
    );
    const elapsedS = (performance.now() - started) / 1000;
    const rssAfter = process.memoryUsage().rss;
    const heapAfter = heapAfterGc();

    // The check checked: answers deliberately crossed after the load must all be caught.
    const [first] = sessions;
    const other = sessions.find((session) => session.label !== first?.label);
    if (!first || !other) throw new Error('the control needs two acting contexts');
    let controlSent = 0;
    let controlCaught = 0;
    const control = async (browser: Browser, probe: Probe, against: Probe) => {
      const answer = await json(browser, probe.path);
      controlSent += 1;
      if (answer.status !== 200 || !isDeepStrictEqual(against.mine(answer.body), against.expected))
        controlCaught += 1;
    };
    // Another session's answer to the same request, where the answer names its session.
    for (const probe of first.probes.filter((each) => each.namesSession)) {
      await control(other.browser, probe, probe);
    }
    // The same session's answer to another of its requests.
    for (const [index, probe] of first.probes.entries()) {
      const next = first.probes[(index + 1) % first.probes.length]!;
      await control(first.browser, { ...probe, mine: next.mine }, next);
    }
    const sorted = latencies.sort((a, b) => a - b);
    return {
      ...settings,
      contexts: new Set(sessions.map((session) => session.label)).size,
      requests: latencies.length,
      requestsPerSecond: Math.round(latencies.length / elapsedS),
      p50Ms: Math.round(percentile(sorted, 0.5) * 10) / 10,
      p99Ms: Math.round(percentile(sorted, 0.99) * 10) / 10,
      errors,
      crossed,
      rssBeforeMb: mb(rssBefore),
      rssAfterMb: mb(rssAfter),
      heapBeforeMb: mb(heapBefore),
      heapAfterMb: mb(heapAfter),
      redisBytesPerSession: Math.round(usage.bytes / settings.sessions),
      redisKeysPerSession: Math.round((usage.keys / settings.sessions) * 10) / 10,
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
      controlSent,
      controlCaught,
      examples,
    };
  } finally {
    await env?.close();
    await redis?.stop();
  }
}

export function formatLoad(figures: LoadFigures): string {
  return [
    `load: ${figures.sessions} sessions in ${figures.contexts} acting contexts, ` +
      `${figures.inFlightPerSession} requests in flight each, ${figures.seconds} s, loopback`,
    `  ${figures.requests} requests, ${figures.requestsPerSecond} req/s, ` +
      `p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms`,
    `  errors ${figures.errors}, answers not the session's or request's own ${figures.crossed} ` +
      `(control: ${figures.controlCaught} of ${figures.controlSent} deliberately crossed caught)`,
    `  RSS (BFF + stand-ins + generator, one process) ${figures.rssBeforeMb} MB before, ` +
      `${figures.rssAfterMb} MB after; live heap after a full GC ${figures.heapBeforeMb} MB ` +
      `before the sign-ins, ${figures.heapAfterMb} MB after the load`,
    `  Redis ${figures.redisBytesPerSession} bytes and ${figures.redisKeysPerSession} keys per session`,
    `  machine load average ${figures.loadAverage} on ${availableParallelism()} cores at the end`,
    ...figures.examples.map((example) => `  e.g. ${example}`),
  ].join('\n');
}
