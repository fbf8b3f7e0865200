/**
 * BFF benchmark: prints figures, asserts nothing about speed. Run from the repo root with
 *
 *   node scripts/pnpm.mjs --filter @ers/bff bench [-- --seconds 60 --requests 3000 --warmup 300
 *                                                    --connections 8 --rounds 3 --rate 100 --no-profile]
 *
 * and it writes the same figures to reports/bench.json. Everything runs on loopback against the
 * local stand-ins; each server is a child process of its own (see measured-server.ts and standins-server.ts), so server CPU is
 * the server's `process.cpuUsage()` and never the load generator's. Every loop is bounded in
 * count and time, every request has a timeout, and a watchdog exits non-zero if the whole run
 * overstays.
 *
 *   (a) CPU per proxied A005 call and throughput: e-RS stand-in direct, a bare node:http proxy,
 *       the BFF (logs off) and the BFF with LOG_LEVEL=info to /dev/null; closed loop.
 *   (b) Added latency at an even `--rate` requests/s for `--seconds`: BFF vs direct; open loop.
 *       Then, as a control for its CPU figure, the bare proxy alone at the same rate, and what
 *       one wake-up from idle costs the BFF process.
 *   (c) A scripted clinician journey, at a normal clock and with the token expiring mid-way.
 *   (d) APIM token-endpoint calls per session under 50 concurrent API calls, before and at expiry.
 *   (e) A referrer's journey: a referral, what she may do next, its shortlisted services.
 *   (f) A provider's Advice and Guidance journey: worklist, each request and its conversation, a PDF.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ReferralSummary } from '@ers/shared/referral-summary';
import type { Worklist } from '@ers/shared/worklist';
import {
  WORKLIST_PATIENTS_PER_REQUEST,
  worklistPatientsQuery,
} from '@ers/shared/worklist-patients';
import { LOCAL_API_KEY, LOCAL_CLIENT_ID } from '../local/local-environment';
import { SESSION_COOKIE } from '../src/session/cookies';
import { LOCAL_API_SECRET } from '../standins/apim-ers/apim-ers-standin';
import { Browser as TestBrowser, signIn, type Seen } from '../test/support/browser';
import { buildMeasuredServer, startServerChild, type ServerChild } from './ipc';
import {
  closedLoop,
  openLoop,
  poolFor,
  REQUEST_TIMEOUT_MS,
  type ClosedLoopResult,
  type OpenLoopResult,
  type Target,
} from './load';
import type { ProfileSummary } from './profile';
import {
  LATER_MS,
  type BffInstanceName,
  type BffInstanceStats,
  type CpuSample,
  type ErsRequestSeen,
  type StandinCounters,
  type StandinsStarted,
} from './types';

// ---------------------------------------------------------------------------------------------
// Options and bounds

const { values: flags } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '100' },
    requests: { type: 'string', default: '3000' },
    warmup: { type: 'string', default: '300' },
    'jit-warmup': { type: 'string', default: '2000' },
    connections: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    'no-profile': { type: 'boolean', default: false },
  },
  strict: true,
});

function bounded(name: string, value: string | undefined, min: number, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    console.error(`bench: --${name} must be a whole number from ${min} to ${max}`);
    process.exit(2);
  }
  return number;
}

const options = {
  // (b) runs twice this; both runs fit well inside one APIM token's 539 s before refresh.
  seconds: bounded('seconds', flags.seconds, 1, 240),
  rate: bounded('rate', flags.rate, 1, 500),
  requests: bounded('requests', flags.requests, 100, 100_000),
  warmup: bounded('warmup', flags.warmup, 0, 10_000),
  /** Once per path before the first round, so V8 has optimised the hot code before measuring. */
  jitWarmup: bounded('jit-warmup', flags['jit-warmup'], 0, 100_000),
  connections: bounded('connections', flags.connections, 1, 64),
  rounds: bounded('rounds', flags.rounds, 1, 9),
  profile: !flags['no-profile'],
};

/** Generous even on a busy 2-core machine (a full run takes 3-4 minutes); more means a hang. */
const WATCHDOG_MS = (400 + 2.5 * options.seconds) * 1000;
const PHASE_DEADLINE_MS = 120_000;
const PERSONA = '555032006106'; // Dr Priya Shah, SPC at RCD
const UBRN = '000000070000';
/** Referrals the persona can read, should the worklist list fewer than five. */
const READABLE_UBRNS = ['000000070000', '000000070003', '000000070004', '000000070012'];
const CONCURRENT_CALLS = 50;
/** Longer than the BFF's 15 s upstream JSON timeout: no timer of a request outlives this. */
const DEFERRED_MS = 17_000;
/** Above this share of the machine used by other processes in (a), a run's figures are flagged. */
const DISTURBED_PERCENT = 2;
const STANDIN_RATE_LIMIT = 100_000;

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REPORT_DIR = `${REPO_ROOT}reports`;

const children: ServerChild[] = [];
const problems: string[] = [];

const watchdog = setTimeout(() => {
  console.error(`bench: watchdog: still running after ${WATCHDOG_MS / 1000} s; stopping`);
  for (const child of children) child.kill();
  process.exit(3);
}, WATCHDOG_MS);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const round = (value: number, places = 0) => {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const cpuMicros = (before: CpuSample | NodeJS.CpuUsage, after: CpuSample | NodeJS.CpuUsage) =>
  after.user - before.user + (after.system - before.system);

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, column) =>
    Math.max(...cells.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ');
  return [
    line(cells[0]!),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.slice(1).map(line),
  ]
    .map((text) => `  ${text}`)
    .join('\n');
}

function cookieHeader(browser: TestBrowser): string {
  return browser
    .cookieNames()
    .map((name) => `${name}=${browser.cookie(name)}`)
    .join('; ');
}

const api = (browser: TestBrowser, origin: string, path: string) =>
  browser.request(`${origin}${path}`, {
    headers: { 'X-CSRF': '1' },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });

function operationOf(path: string): string {
  if (path.startsWith('/R4/PractitionerRole')) return 'A030';
  if (path.startsWith('/STU3/CommunicationRequest/$ers.fetchworklist')) return 'A023';
  if (/^\/STU3\/CommunicationRequest\/\d+\/\$ers\.generateCRI$/.test(path)) return 'A043';
  if (path.startsWith('/STU3/CommunicationRequest/')) return 'A024';
  if (path.startsWith('/STU3/Communication')) return 'A025';
  if (path.includes('$ers.fetchworklist')) return 'A008';
  if (path.includes('$ers.generateCRI')) return 'A007';
  if (/^\/STU3\/ReferralRequest\/\d+/.test(path)) return 'A005';
  if (path.startsWith('/R4/Binary/')) return 'A042';
  if (path.startsWith('/R4/Practitioner')) return 'A040';
  if (path.startsWith('/STU3/CodeSystem/')) return 'A004';
  if (path.startsWith('/STU3/Task')) return 'A029';
  if (path.startsWith('/R4/HealthcareService/')) return 'A033';
  return `other ${path}`;
}

function countOperations(requests: ErsRequestSeen[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(
    [
      ...['A030', 'A008', 'A005', 'A042', 'A007', 'A040', 'A004', 'A029', 'A033'],
      ...['A023', 'A024', 'A025', 'A043'],
    ].map((operation) => [operation, 0]),
  );
  for (const request of requests) {
    const operation = operationOf(request.path);
    counts[operation] = (counts[operation] ?? 0) + 1;
  }
  return counts;
}

type StatsDelta = BffInstanceStats;
function statsDelta(before: BffInstanceStats, after: BffInstanceStats): StatsDelta {
  const minus = <T extends Record<string, number>>(a: T, b: T) =>
    Object.fromEntries(Object.keys(a).map((key) => [key, a[key]! - b[key]!])) as T;
  return {
    accessTokens: minus(after.accessTokens, before.accessTokens),
    tokenCalls: minus(after.tokenCalls, before.tokenCalls),
  };
}

// ---------------------------------------------------------------------------------------------
// The processes

type Servers = {
  standins: ServerChild;
  bff: ServerChild;
  proxy: ServerChild;
  urls: StandinsStarted;
  origins: Record<BffInstanceName, string>;
};

async function startServers(): Promise<Servers> {
  buildMeasuredServer();
  const standins = startServerChild('standins');
  const bff = startServerChild('bff');
  const proxy = startServerChild('proxy');
  children.push(standins, bff, proxy);
  const { origin, publicJwk } = await bff.call<{ origin: string; publicJwk: unknown }>('prepare');
  const urls = await standins.call<StandinsStarted>('start', {
    bffOrigin: origin,
    publicJwk,
    rateLimitPerSecond: STANDIN_RATE_LIMIT,
  });
  const origins = await bff.call<Record<BffInstanceName, string>>('start', {
    origin,
    standins: urls,
    // What local/local-environment.ts registers with the stand-ins (the measured process imports
    // nothing of them).
    env: {
      CIS2_CLIENT_ID: LOCAL_CLIENT_ID,
      APIM_API_KEY: LOCAL_API_KEY,
      APIM_API_SECRET: LOCAL_API_SECRET,
    },
  });
  return { standins, bff, proxy, urls, origins };
}

/** The whole machine's busy and total CPU time (Linux /proc/stat, µs), to see other load. */
type MachineCpu = { busy: number; total: number } | null;
function machineCpu(): MachineCpu {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
      fields.map(Number);
    const tick = 1e6 / 100; // USER_HZ is 100 on Linux
    const busy = user + nice + system + irq + softirq + steal;
    return { busy: busy * tick, total: (busy + idle + iowait) * tick };
  } catch {
    return null;
  }
}

type CpuSnapshot = {
  standins: CpuSample;
  bff: CpuSample;
  proxy: CpuSample;
  generator: NodeJS.CpuUsage;
  machine: MachineCpu;
};

async function cpuSnapshot(servers: Servers): Promise<CpuSnapshot> {
  const [standins, bff, proxy] = await Promise.all([
    servers.standins.call<CpuSample>('cpu'),
    servers.bff.call<CpuSample>('cpu'),
    servers.proxy.call<CpuSample>('cpu'),
  ]);
  return { standins, bff, proxy, generator: process.cpuUsage(), machine: machineCpu() };
}

type CpuPerRequest = {
  standins: number;
  bff: number;
  proxy: number;
  server: number;
  generator: number;
  /** Share of the machine's CPU used by processes other than ours meanwhile (%, ~10 ms ticks). */
  othersPercent: number | null;
};

function cpuPerRequest(before: CpuSnapshot, after: CpuSnapshot, requests: number): CpuPerRequest {
  const per = (micros: number) => round(micros / requests, 1);
  const standins = cpuMicros(before.standins, after.standins);
  const bff = cpuMicros(before.bff, after.bff);
  const proxy = cpuMicros(before.proxy, after.proxy);
  return {
    standins: per(standins),
    bff: per(bff),
    proxy: per(proxy),
    server: per(standins + bff + proxy),
    generator: per(cpuMicros(before.generator, after.generator)),
    othersPercent: othersPercent(before, after),
  };
}

function othersPercent(before: CpuSnapshot, after: CpuSnapshot): number | null {
  if (!before.machine || !after.machine) return null;
  const ours =
    cpuMicros(before.standins, after.standins) +
    cpuMicros(before.bff, after.bff) +
    cpuMicros(before.proxy, after.proxy) +
    cpuMicros(before.generator, after.generator);
  const total = after.machine.total - before.machine.total;
  if (total <= 0) return null;
  const others = after.machine.busy - before.machine.busy - ours;
  return round(Math.max(0, (others / total) * 100), 1);
}

/** Signs in through the CIS2 stand-in's pages; the BFF's session cookie proves it worked. */
async function signInAs(browser: TestBrowser, origin: string, persona = PERSONA) {
  const landed = await within(signIn(browser, origin, persona), 30_000, 'sign-in');
  if (!browser.cookie(SESSION_COOKIE)) {
    throw new Error(`sign-in made no session: ${landed.status} at ${landed.url}`);
  }
  return landed;
}

/** Signs the persona in at the main instance and captures what its first A005 sent upstream. */
async function signedInSession(servers: Servers) {
  const browser = new TestBrowser();
  await signInAs(browser, servers.origins.main);
  const before = await servers.standins.call<StandinCounters>('counters');
  const first = await api(browser, servers.origins.main, `/api/referrals/${UBRN}`);
  if (first.status !== 200)
    throw new Error(`BFF A005 after sign-in: ${first.status} ${first.body}`);
  // The session's first e-RS call may be A030 (the acting context is established before A005).
  const seen = await servers.standins.call<ErsRequestSeen[]>('ersRequests', {
    from: before.ersRequests,
  });
  const a005 = seen.findIndex((request) => operationOf(request.path) === 'A005');
  if (a005 < 0) throw new Error('no upstream A005 seen');
  const upstreamHeaders = await servers.standins.call<Record<string, string | string[]>>(
    'ersRequestHeaders',
    { index: before.ersRequests + a005 },
  );
  return { browser, upstreamHeaders };
}

// ---------------------------------------------------------------------------------------------
// (a) CPU per call and throughput

type PathName = 'direct' | 'proxy' | 'bff' | 'bff-logs';
const LAYER: Record<PathName, 'proxy' | 'bff' | null> = {
  direct: null,
  proxy: 'proxy',
  bff: 'bff',
  'bff-logs': 'bff',
};
const PATH_LABEL: Record<PathName, string> = {
  direct: '3. e-RS stand-in directly',
  proxy: '2. bare node:http proxy',
  bff: '1. BFF (logs off)',
  'bff-logs': '1b. BFF (LOG_LEVEL=info to /dev/null)',
};

type Spread = { median: number; min: number; max: number };
type Round = {
  requestsPerSecond: number;
  cpu: CpuPerRequest;
  run: ClosedLoopResult;
  /** Connections the e-RS stand-in accepted meanwhile (keep-alive working: none). */
  standinConnections: number;
};

async function throughput(servers: Servers) {
  const { browser, upstreamHeaders } = await signedInSession(servers);
  const ers = new URL(servers.urls.ersBaseUrl);
  const replayed = Object.fromEntries(
    Object.entries(upstreamHeaders).filter(
      ([name, value]) =>
        typeof value === 'string' &&
        !['host', 'connection', 'content-length', 'x-correlation-id'].includes(name),
    ),
  ) as Record<string, string>;
  const proxyOrigin = await servers.proxy.call<string>('start', {
    ersBaseUrl: servers.urls.ersBaseUrl,
    headers: upstreamHeaders,
  });
  const bffHeaders = { cookie: cookieHeader(browser), 'x-csrf': '1', accept: 'application/json' };
  const targets: Record<PathName, Target> = {
    direct: {
      name: 'direct',
      origin: ers.origin,
      path: `${ers.pathname}/STU3/ReferralRequest/${UBRN}`,
      headers: { ...replayed, 'x-correlation-id': 'bench-direct' },
    },
    proxy: { name: 'proxy', origin: proxyOrigin, path: `/api/referrals/${UBRN}`, headers: {} },
    bff: {
      name: 'bff',
      origin: servers.origins.main,
      path: `/api/referrals/${UBRN}`,
      headers: bffHeaders,
    },
    'bff-logs': {
      name: 'bff-logs',
      origin: servers.origins.logged,
      path: `/api/referrals/${UBRN}`,
      headers: bffHeaders,
    },
  };

  // Each path answers the same referral before anything is measured.
  const answers: Record<string, number> = {};
  for (const [name, target] of Object.entries(targets)) {
    const response = await fetch(`${target.origin}${target.path}`, {
      headers: target.headers,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = await response.text();
    const right = name.startsWith('bff')
      ? (JSON.parse(body) as ReferralSummary).ubrn === UBRN
      : body.includes('"resourceType":"ReferralRequest"') && body.includes(UBRN);
    if (response.status !== 200 || !right) {
      throw new Error(`${name}: not the referral (${response.status}): ${body.slice(0, 200)}`);
    }
    answers[name] = body.length;
  }

  const pools = Object.fromEntries(
    Object.entries(targets).map(([name, target]) => [
      name,
      poolFor(target.origin, options.connections),
    ]),
  ) as Record<PathName, ReturnType<typeof poolFor>>;

  const order: PathName[] = ['direct', 'proxy', 'bff', 'bff-logs'];
  for (const name of order) {
    const warm = await closedLoop(pools[name], targets[name], {
      concurrency: options.connections,
      deadlineMs: PHASE_DEADLINE_MS,
      requests: options.jitWarmup,
    });
    if (warm.failed) problems.push(`(a) ${name} JIT warm-up: ${JSON.stringify(warm.statuses)}`);
  }
  const rounds: Record<PathName, Round[]> = { direct: [], proxy: [], bff: [], 'bff-logs': [] };
  for (let index = 0; index < options.rounds; index += 1) {
    for (const name of order) {
      const run = { concurrency: options.connections, deadlineMs: PHASE_DEADLINE_MS };
      const warm = await closedLoop(pools[name], targets[name], {
        ...run,
        requests: options.warmup,
      });
      // A pause, the same for every path, so what the warm-up left behind is not measured.
      await sleep(1000);
      const before = await cpuSnapshot(servers);
      const countersBefore = await servers.standins.call<StandinCounters>('counters');
      const measured = await closedLoop(pools[name], targets[name], {
        ...run,
        requests: options.requests,
      });
      const countersAfter = await servers.standins.call<StandinCounters>('counters');
      const after = await cpuSnapshot(servers);
      if (warm.failed || measured.failed || measured.timedOut) {
        problems.push(
          `(a) ${name} round ${index + 1}: ${measured.failed + warm.failed} failed ${JSON.stringify(measured.statuses)}${measured.timedOut ? ', timed out' : ''}`,
        );
      }
      rounds[name].push({
        requestsPerSecond: round(measured.requests / (measured.elapsedMs / 1000)),
        cpu: cpuPerRequest(before, after, measured.requests),
        run: measured,
        standinConnections: countersAfter.connections - countersBefore.connections,
      });
    }
  }

  // Work the BFF may leave behind once it has answered (timers still to fire, garbage still to
  // collect) is not in a closed-loop phase's figure. Let the rounds' leftovers run out, then
  // measure what the servers burn doing nothing, then one more BFF phase with its aftermath.
  const settleFrom = await cpuSnapshot(servers);
  await sleep(DEFERRED_MS);
  const settleTo = await cpuSnapshot(servers);
  const idleFrom = await cpuSnapshot(servers);
  await sleep(2000);
  const idleTo = await cpuSnapshot(servers);
  const idleMicrosPerSecond = {
    standins: round(cpuMicros(idleFrom.standins, idleTo.standins) / 2),
    bff: round(cpuMicros(idleFrom.bff, idleTo.bff) / 2),
    proxy: round(cpuMicros(idleFrom.proxy, idleTo.proxy) / 2),
  };
  const deferredFrom = await cpuSnapshot(servers);
  const deferredRun = await closedLoop(pools.bff, targets.bff, {
    concurrency: options.connections,
    deadlineMs: PHASE_DEADLINE_MS,
    requests: options.requests,
  });
  const deferredMid = await cpuSnapshot(servers);
  await sleep(DEFERRED_MS);
  const deferredTo = await cpuSnapshot(servers);
  const idleBffMicros = (idleMicrosPerSecond.bff * DEFERRED_MS) / 1000;
  const deferred = {
    requests: deferredRun.requests,
    /** BFF CPU while the requests ran, per request. */
    inPhaseMicrosPerRequest: round(
      cpuMicros(deferredFrom.bff, deferredMid.bff) / deferredRun.requests,
      1,
    ),
    /** BFF CPU in the following DEFERRED_MS (less idle), per request. */
    afterMicrosPerRequest: round(
      Math.max(0, cpuMicros(deferredMid.bff, deferredTo.bff) - idleBffMicros) /
        deferredRun.requests,
      1,
    ),
    /** BFF CPU in the DEFERRED_MS after the measured rounds. */
    afterRoundsMicros: cpuMicros(settleFrom.bff, settleTo.bff),
  };

  let profile: ProfileSummary | null = null;
  const profilePath = `${REPORT_DIR}/bench-bff.cpuprofile`;
  if (options.profile) {
    await servers.bff.call('profileStart');
    await closedLoop(pools.bff, targets.bff, {
      concurrency: options.connections,
      deadlineMs: PHASE_DEADLINE_MS,
      requests: options.requests,
    });
    profile = await servers.bff.call<ProfileSummary>('profileStop', { path: profilePath });
  }
  await Promise.all(Object.values(pools).map((pool) => pool.close()));

  const summarise = (name: PathName) => {
    const runs = rounds[name];
    const layer = LAYER[name];
    const pick = (get: (round: Round) => number): Spread => {
      const values = runs.map(get);
      return {
        median: round(median(values), 1),
        min: round(Math.min(...values), 1),
        max: round(Math.max(...values), 1),
      };
    };
    return {
      label: PATH_LABEL[name],
      requestsPerSecond: pick((run) => run.requestsPerSecond),
      layerMicrosPerRequest: layer ? pick((run) => run.cpu[layer]) : null,
      /** How busy the layer's process was: 100 = one core saturated. */
      layerCorePercent: pick(
        (run) => (run.cpu[layer ?? 'standins'] * run.requestsPerSecond) / 10_000,
      ),
      standinMicrosPerRequest: pick((run) => run.cpu.standins),
      serverMicrosPerRequest: pick((run) => run.cpu.server),
      generatorMicrosPerRequest: pick((run) => run.cpu.generator),
      othersPercent: pick((run) => run.cpu.othersPercent ?? NaN),
      standinConnectionsOpened: pick((run) => run.standinConnections),
      responseBytes: answers[name] ?? 0,
      rounds: runs.map((run) => ({
        requestsPerSecond: run.requestsPerSecond,
        cpuMicrosPerRequest: run.cpu,
        statuses: run.run.statuses,
        standinConnectionsOpened: run.standinConnections,
      })),
    };
  };
  const summary = {
    direct: summarise('direct'),
    proxy: summarise('proxy'),
    bff: summarise('bff'),
    'bff-logs': summarise('bff-logs'),
  };
  const layerOf = (name: PathName) => summary[name].layerMicrosPerRequest?.median ?? NaN;
  return {
    summary,
    proxyTarget: targets.proxy,
    ratios: {
      bffOverProxy: round(layerOf('bff') / layerOf('proxy'), 2),
      bffWithLogsOverProxy: round(layerOf('bff-logs') / layerOf('proxy'), 2),
      logsCostMicrosPerRequest: round(layerOf('bff-logs') - layerOf('bff'), 1),
    },
    idleMicrosPerSecond,
    deferred,
    profile,
    profilePath: profile ? profilePath : null,
  };
}

// ---------------------------------------------------------------------------------------------
// (b) Added latency at an even rate

/** Seconds of the bare proxy alone at the same even rate, after (b): the control. */
const CONTROL_SECONDS = 20;
/** Empty timer callbacks, `WAKE_EVERY_MS` apart, to price one wake-up of a server process. */
const WAKEUPS = 200;
const WAKE_EVERY_MS = 10;

async function addedLatency(servers: Servers, proxyTarget: Target) {
  // A fresh session and token, so neither needs refreshing during the run.
  const { browser, upstreamHeaders } = await signedInSession(servers);
  const ers = new URL(servers.urls.ersBaseUrl);
  const replayed = Object.fromEntries(
    Object.entries(upstreamHeaders).filter(
      ([name, value]) =>
        typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name),
    ),
  ) as Record<string, string>;
  const targets: Target[] = [
    {
      name: 'bff',
      origin: servers.origins.main,
      path: `/api/referrals/${UBRN}`,
      headers: { cookie: cookieHeader(browser), 'x-csrf': '1', accept: 'application/json' },
    },
    {
      name: 'direct',
      origin: ers.origin,
      path: `${ers.pathname}/STU3/ReferralRequest/${UBRN}`,
      headers: replayed,
    },
  ];
  const pools = targets.map((target) => poolFor(target.origin, 32));
  // A few requests first, so connections are open before the clock starts.
  await Promise.all(
    targets.map((target, index) =>
      closedLoop(pools[index]!, target, { requests: 50, concurrency: 4, deadlineMs: 10_000 }),
    ),
  );
  // Both paths at once, the direct one half an interval later: whatever else the machine is
  // doing meanwhile affects both alike.
  const before = await cpuSnapshot(servers);
  const startAt = performance.now() + 50;
  const halfInterval = 500 / options.rate;
  const [bffRun, directRun] = await Promise.all(
    targets.map((target, index) =>
      openLoop(pools[index]!, target, {
        ratePerSecond: options.rate,
        seconds: options.seconds,
        startAt: startAt + index * halfInterval,
      }),
    ),
  );
  const after = await cpuSnapshot(servers);
  await Promise.all(pools.map((pool) => pool.close()));
  const elapsedMicros = Math.max(bffRun!.elapsedMs, directRun!.elapsedMs) * 1000;
  const cpu = {
    /** The BFF process, per BFF request. */
    bffMicrosPerRequest: round(cpuMicros(before.bff, after.bff) / bffRun!.scheduled, 1),
    bffCpuPercent: round((cpuMicros(before.bff, after.bff) / elapsedMicros) * 100, 1),
    /** The stand-ins, per e-RS request (the BFF's and the direct ones alike). */
    standinMicrosPerRequest: round(
      cpuMicros(before.standins, after.standins) / (bffRun!.scheduled + directRun!.scheduled),
      1,
    ),
    othersPercent: othersPercent(before, after),
  };
  const results: Record<string, OpenLoopResult> = { bff: bffRun!, direct: directRun! };
  for (const [name, result] of Object.entries(results)) {
    if (result.failed || result.unfinished) {
      problems.push(
        `(b) ${name}: ${result.failed} failed, ${result.unfinished} unfinished ${JSON.stringify(result.statuses)}`,
      );
    }
  }
  const bff = results.bff!;
  const direct = results.direct!;

  // The control: the bare proxy alone at the same rate. Both servers are idle between requests
  // at this rate, so each request pays for waking them (at least twice: the request in, the
  // answer from e-RS in); the closed loop never lets them sleep.
  const controlSeconds = Math.min(options.seconds, CONTROL_SECONDS);
  const controlPool = poolFor(proxyTarget.origin, 32);
  await closedLoop(controlPool, proxyTarget, { requests: 50, concurrency: 4, deadlineMs: 10_000 });
  const controlFrom = await cpuSnapshot(servers);
  const controlRun = await openLoop(controlPool, proxyTarget, {
    ratePerSecond: options.rate,
    seconds: controlSeconds,
    startAt: performance.now() + 50,
  });
  const controlTo = await cpuSnapshot(servers);
  await controlPool.close();
  if (controlRun.failed || controlRun.unfinished) {
    problems.push(
      `(b) proxy control: ${controlRun.failed} failed ${JSON.stringify(controlRun.statuses)}`,
    );
  }
  const wakeupMicros = await servers.bff.call<number>('wakeups', {
    count: WAKEUPS,
    everyMs: WAKE_EVERY_MS,
  });
  return {
    ratePerSecond: options.rate,
    seconds: options.seconds,
    results,
    cpu,
    proxyControl: {
      seconds: controlSeconds,
      proxyMicrosPerRequest: round(
        cpuMicros(controlFrom.proxy, controlTo.proxy) / controlRun.scheduled,
        1,
      ),
      latency: controlRun.latency,
      othersPercent: othersPercent(controlFrom, controlTo),
    },
    /** CPU the BFF process spends per wake-up from idle (an empty timer callback). */
    bffWakeupMicros: round(wakeupMicros, 1),
    added: {
      p50: round(bff.latency.p50 - direct.latency.p50, 2),
      p99: round(bff.latency.p99 - direct.latency.p99, 2),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// (c) A clinician journey

type Step = { step: string; status: number; ms: number; bytes: number; instance: string };

async function journey(servers: Servers, movedClock: boolean) {
  const main = servers.origins.main;
  const after = movedClock ? servers.origins.later : main;
  const instanceName = (origin: string) => (origin === main ? 'main' : 'later (+560 s)');
  const countersBefore = await servers.standins.call<StandinCounters>('counters');
  const statsBefore = await servers.bff.call<Record<string, BffInstanceStats>>('stats');
  const steps: Step[] = [];
  const started = performance.now();
  const step = async (name: string, origin: string, run: () => Promise<Seen>) => {
    const at = performance.now();
    const seen = await run();
    steps.push({
      step: name,
      status: seen.status,
      ms: round(performance.now() - at, 1),
      bytes: seen.body.length,
      instance: instanceName(origin),
    });
    if (seen.status !== 200)
      problems.push(`(c) ${name}: ${seen.status} ${seen.body.slice(0, 200)}`);
    return seen;
  };

  const browser = new TestBrowser();
  // Sign-in ends on `/`, the SPA, which this BFF does not serve (404): the cookie is the proof.
  const signInAt = performance.now();
  const landed = await signInAs(browser, main);
  steps.push({
    step: `sign in (CIS2 pages, callback, token exchange; lands on ${new URL(landed.url).pathname})`,
    status: landed.status,
    ms: round(performance.now() - signInAt, 1),
    bytes: landed.body.length,
    instance: instanceName(main),
  });
  await step('GET /api/acting-context', main, () => api(browser, main, '/api/acting-context'));
  const worklistSeen = await step('GET /api/worklists/REFERRALS_FOR_REVIEW', main, () =>
    api(browser, main, '/api/worklists/REFERRALS_FOR_REVIEW'),
  );
  const listedItems = (JSON.parse(worklistSeen.body) as Worklist).items;
  const listed = listedItems.map((item) => item.ubrn);

  const ubrns = [...new Set([...listed, ...READABLE_UBRNS])].slice(0, 5);

  // Five referrals opened at once (five tabs from the worklist), each page asking for its
  // referral and its patient banner together, as the SPA does (lib/early-requests.ts): at expiry,
  // one refreshes; each referral's A005 is shared by its two requests.
  const at = performance.now();
  const referralsAndPatients = await Promise.all(
    ubrns.flatMap((ubrn) => [
      api(browser, after, `/api/referrals/${ubrn}`),
      api(browser, after, `/api/referrals/${ubrn}/patient`),
    ]),
  );
  const opened = referralsAndPatients.filter((_, index) => index % 2 === 0);
  steps.push({
    step: `GET /api/referrals/{ubrn} and .../patient x${ubrns.length}, concurrently`,
    status: Math.max(...referralsAndPatients.map((seen) => seen.status)),
    ms: round(performance.now() - at, 1),
    bytes: referralsAndPatients.reduce((sum, seen) => sum + seen.body.length, 0),
    instance: instanceName(after),
  });
  referralsAndPatients.forEach((seen, index) => {
    const what = index % 2 === 0 ? 'referral' : 'patient of';
    if (seen.status !== 200)
      problems.push(`(c) ${what} ${ubrns[Math.floor(index / 2)]}: ${seen.status}`);
  });
  const summaries = opened
    .filter((seen) => seen.status === 200)
    .map((seen) => JSON.parse(seen.body) as ReferralSummary);

  // The rows' patients, as the SPA asks once the list shows (here after the referrals, so that
  // at the moved clock they are on the instance the banners are on: the memory is per process,
  // and the later instance asks A008 for the list again): five rows a request, one request after
  // another, then again (the list opened a second time). PDS once per patient, banners included.
  const rowUbrns = listedItems.filter((item) => item.nhsNumber).map((item) => item.ubrn);
  for (const pass of ['', ', again']) {
    for (let from = 0; from < rowUbrns.length; from += WORKLIST_PATIENTS_PER_REQUEST) {
      const chunk = rowUbrns.slice(from, from + WORKLIST_PATIENTS_PER_REQUEST);
      await step(
        `GET /api/worklists/REFERRALS_FOR_REVIEW/patients (${chunk.length} rows)${pass}`,
        after,
        () =>
          api(
            browser,
            after,
            `/api/worklists/REFERRALS_FOR_REVIEW/patients${worklistPatientsQuery(chunk)}`,
          ),
      );
    }
  }
  // The same five patient banners again (the referrals opened a second time): PDS must be asked
  // once per patient per session.
  const patientsAt = performance.now();
  const again = await Promise.all(
    ubrns.map((ubrn) => api(browser, after, `/api/referrals/${ubrn}/patient`)),
  );
  steps.push({
    step: `GET /api/referrals/{ubrn}/patient x${ubrns.length}, concurrently, again`,
    status: Math.max(...again.map((seen) => seen.status)),
    ms: round(performance.now() - patientsAt, 1),
    bytes: again.reduce((sum, seen) => sum + seen.body.length, 0),
    instance: instanceName(after),
  });
  // What the clinician may do next on each (A029), as the summary page asks once it is shown.
  const actionsAt = performance.now();
  const actions = await Promise.all(
    summaries.map((summary) =>
      api(
        browser,
        after,
        `/api/referrals/${summary.ubrn}/versions/${summary.version ?? ''}/actions`,
      ),
    ),
  );
  steps.push({
    step: `GET .../versions/{version}/actions x${summaries.length}, concurrently`,
    status: Math.max(...actions.map((seen) => seen.status)),
    ms: round(performance.now() - actionsAt, 1),
    bytes: actions.reduce((sum, seen) => sum + seen.body.length, 0),
    instance: instanceName(after),
  });
  const withFile = summaries
    .flatMap((summary) =>
      (summary.attachments ?? [])
        .filter((attachment) => attachment.availability.code === 'AVAILABLE')
        .map((attachment) => ({ ubrn: summary.ubrn, id: attachment.id, title: attachment.title })),
    )
    .at(0);
  if (withFile) {
    await step(`GET .../attachments/{id} (${withFile.title})`, after, () =>
      api(
        browser,
        after,
        `/api/referrals/${withFile.ubrn}/attachments/${encodeURIComponent(withFile.id)}`,
      ),
    );
  } else {
    problems.push('(c) none of the five referrals has an AVAILABLE attachment');
  }
  const cri = await step('GET .../clinical-information (PDF)', after, () =>
    api(browser, after, `/api/referrals/${ubrns[0]}/clinical-information`),
  );
  if (!cri.body.startsWith('%PDF')) problems.push('(c) clinical information is not a PDF');
  const totalMs = round(performance.now() - started, 1);

  const countersAfter = await servers.standins.call<StandinCounters>('counters');
  const statsAfter = await servers.bff.call<Record<string, BffInstanceStats>>('stats');
  const upstream = await servers.standins.call<ErsRequestSeen[]>('ersRequests', {
    from: countersBefore.ersRequests,
  });
  const pdsPaths = await servers.standins.call<string[]>('pdsRequests', {
    from: countersBefore.pdsRequests,
  });
  // At the moved clock the rows' patients are asked of another instance, whose memory has not got
  // the list: it asks A008 again (bff/README.md, "Names in worklist rows"). Only that repeats.
  duplicateCalls('(c)', upstream, movedClock ? ['A008'] : []);
  const patients = new Set([
    ...summaries.map((summary) => summary.nhsNumber),
    ...listedItems.flatMap((item) => (item.nhsNumber ? [item.nhsNumber] : [])),
  ]);
  if (pdsPaths.length !== patients.size || new Set(pdsPaths).size !== pdsPaths.length) {
    problems.push(
      `(c) PDS asked ${pdsPaths.length} times (${new Set(pdsPaths).size} patients) for ${patients.size} patients: expected once each`,
    );
  }
  const a005Calls = countOperations(upstream).A005 ?? 0;
  if (a005Calls !== ubrns.length) {
    problems.push(
      `(c) e-RS A005 asked ${a005Calls} times for ${ubrns.length} referrals, each with its patient: expected once each`,
    );
  }
  const instances = (movedClock ? ['main', 'later'] : ['main']) as BffInstanceName[];
  const bffStats = Object.fromEntries(
    instances.map((name) => [name, statsDelta(statsBefore[name]!, statsAfter[name]!)]),
  );
  return {
    clock: movedClock ? `referrals onwards on an instance ${LATER_MS / 1000} s on` : 'normal',
    ubrns,
    attachment: withFile ?? null,
    steps,
    totalMs,
    upstreamByOperation: countOperations(upstream),
    upstreamTotal: upstream.length,
    pdsCalls: pdsPaths.length,
    pdsPatients: patients.size,
    objectStoreRequests: countersAfter.objectStore - countersBefore.objectStore,
    apimTokenEndpointCalls: countersAfter.tokenEndpoint - countersBefore.tokenEndpoint,
    distinctBearerTokens: new Set(upstream.map((request) => request.authorization)).size,
    bffStats,
  };
}

/**
 * The same e-RS request twice in one journey is a call the BFF should not have made: a problem.
 * (A token renewal's retry of a 401 would be a repeat too; the stand-in does not give 401s
 * mid-journey, so there is none.) `mayRepeatOnce`: operations the journey knowingly asks twice.
 */
function duplicateCalls(
  part: string,
  upstream: ErsRequestSeen[],
  mayRepeatOnce: readonly string[] = [],
) {
  const seen = new Map<string, { count: number; operation: string }>();
  for (const request of upstream) {
    const key = `${request.method} ${request.path}`;
    const count = (seen.get(key)?.count ?? 0) + 1;
    seen.set(key, { count, operation: operationOf(request.path) });
  }
  for (const [key, { count, operation }] of seen) {
    const allowed = mayRepeatOnce.includes(operation) ? 2 : 1;
    if (count > allowed) problems.push(`${part} e-RS asked ${count} times: ${key}`);
  }
}

// ---------------------------------------------------------------------------------------------
// (e) A referrer's journey: a referral, what they may do next, its shortlisted services

const REFERRER = '656005750109'; // Ms Alex Morgan, RC at RCD
const REFERRER_UBRN = '000000070105'; // two services shortlisted

async function referrerJourney(servers: Servers) {
  const origin = servers.origins.main;
  const countersBefore = await servers.standins.call<StandinCounters>('counters');
  const browser = new TestBrowser();
  await signInAs(browser, origin, REFERRER);
  const steps: Array<{ step: string; status: number }> = [];
  const step = async (name: string, path: string) => {
    const seen = await api(browser, origin, path);
    steps.push({ step: name, status: seen.status });
    if (seen.status !== 200)
      problems.push(`(e) ${name}: ${seen.status} ${seen.body.slice(0, 200)}`);
    return seen;
  };
  const summary = JSON.parse(
    (await step('GET /api/referrals/{ubrn}', `/api/referrals/${REFERRER_UBRN}`)).body,
  ) as ReferralSummary;
  await step(
    'GET .../versions/{version}/actions',
    `/api/referrals/${REFERRER_UBRN}/versions/${summary.version ?? ''}/actions`,
  );
  const services = summary.services.flatMap((service) => (service.id ? [service.id] : []));
  for (const id of services) {
    await step(`GET /api/healthcare-services/${id}`, `/api/healthcare-services/${id}`);
  }
  const upstream = await servers.standins.call<ErsRequestSeen[]>('ersRequests', {
    from: countersBefore.ersRequests,
  });
  duplicateCalls('(e)', upstream);
  const counts = countOperations(upstream);
  if (counts.A029 !== 1 || counts.A033 !== services.length) {
    problems.push(
      `(e) A029 ${counts.A029} (expected 1), A033 ${counts.A033} (expected ${services.length})`,
    );
  }
  return { steps, services, upstreamByOperation: counts, upstreamTotal: upstream.length };
}

// ---------------------------------------------------------------------------------------------
// (f) An Advice and Guidance journey

/**
 * A provider clinician's A&G journey as the SPA makes it: the A&G worklist (A023) and its rows'
 * patients (five a request, one after another), then each request on it opened (A024 and its
 * patient banner at once, then A025 at the version A024 gave), and one overview PDF (A043).
 * Every e-RS request must be made once (the banner shares the A024, the rows' names the A023):
 * the run fails on a repeated method, path and query, and on PDS asked twice for a patient.
 */
async function adviceJourney(servers: Servers) {
  const main = servers.origins.main;
  const countersBefore = await servers.standins.call<StandinCounters>('counters');
  const browser = new TestBrowser();
  await signInAs(browser, main);
  const started = performance.now();
  const get = async (path: string) => {
    const seen = await api(browser, main, path);
    if (seen.status !== 200)
      problems.push(`(f) A&G ${path}: ${seen.status} ${seen.body.slice(0, 200)}`);
    return seen;
  };
  await get('/api/acting-context');
  const listed = JSON.parse((await get('/api/advice-and-guidance')).body) as {
    items: Array<{ ubrn: string; nhsNumber: string | null }>;
  };
  const ubrns = listed.items.map((item) => item.ubrn);
  const named = listed.items.filter((item) => item.nhsNumber).map((item) => item.ubrn);
  for (let from = 0; from < named.length; from += WORKLIST_PATIENTS_PER_REQUEST) {
    const chunk = named.slice(from, from + WORKLIST_PATIENTS_PER_REQUEST);
    await get(`/api/advice-and-guidance/patients${worklistPatientsQuery(chunk)}`);
  }
  for (const ubrn of ubrns) {
    const [opened] = await Promise.all([
      get(`/api/advice-and-guidance/${ubrn}`),
      get(`/api/advice-and-guidance/${ubrn}/patient`),
    ]);
    const summary = JSON.parse(opened.body) as { version: string | null };
    if (summary.version) {
      await get(`/api/advice-and-guidance/${ubrn}/versions/${summary.version}/conversation`);
    }
  }
  const pdf = ubrns[0] ? await get(`/api/advice-and-guidance/${ubrns[0]}/overview`) : undefined;
  if (pdf && !pdf.body.startsWith('%PDF')) problems.push('(f) the A&G overview is not a PDF');
  const totalMs = round(performance.now() - started, 1);
  const upstream = (
    await servers.standins.call<ErsRequestSeen[]>('ersRequests', {
      from: countersBefore.ersRequests,
    })
  ).filter((request) => operationOf(request.path) !== 'A030');
  // The stand-in's record gives each path with its query, so a repeat is the same question asked.
  const keys = upstream.map((request) => `${request.method} ${request.path}`);
  const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
  if (repeated.length > 0)
    problems.push(`(f) A&G journey repeated e-RS calls: ${repeated.join('; ')}`);
  const pdsPaths = await servers.standins.call<string[]>('pdsRequests', {
    from: countersBefore.pdsRequests,
  });
  const patients = new Set(
    listed.items.flatMap((item) => (item.nhsNumber ? [item.nhsNumber] : [])),
  );
  if (pdsPaths.length !== patients.size || new Set(pdsPaths).size !== pdsPaths.length) {
    problems.push(
      `(f) PDS asked ${pdsPaths.length} times (${new Set(pdsPaths).size} patients) for ${patients.size} patients: expected once each (${pdsPaths.join(', ')})`,
    );
  }
  return {
    ubrns,
    totalMs,
    upstreamByOperation: countOperations(upstream),
    upstreamTotal: upstream.length,
    repeated: repeated.length,
  };
}

// ---------------------------------------------------------------------------------------------
// (d) Token calls per session under concurrent calls

async function concurrentCalls(servers: Servers, atExpiry: boolean) {
  const browser = new TestBrowser();
  await signInAs(browser, servers.origins.main);
  const origin = atExpiry ? servers.origins.later : servers.origins.main;
  const name: BffInstanceName = atExpiry ? 'later' : 'main';
  // The connections are opened first (on /health/live), so the 50 calls really arrive together.
  const pool = poolFor(origin, CONCURRENT_CALLS);
  const each = <T>(run: () => Promise<T>) =>
    Promise.all(Array.from({ length: CONCURRENT_CALLS }, run));
  await each(() =>
    pool.request({ path: '/health/live', method: 'GET' }).then(({ body }) => body.dump()),
  );
  const connections = pool.stats.connected;
  const countersBefore = await servers.standins.call<StandinCounters>('counters');
  const statsBefore = await servers.bff.call<Record<string, BffInstanceStats>>('stats');
  const headers = { cookie: cookieHeader(browser), 'x-csrf': '1', accept: 'application/json' };
  const at = performance.now();
  const responses = await each(() =>
    pool
      .request({ path: `/api/referrals/${UBRN}`, method: 'GET', headers })
      .then(async ({ statusCode, body }) => {
        await body.dump();
        return { status: statusCode };
      })
      .catch(() => ({ status: 0 })),
  );
  const ms = round(performance.now() - at, 1);
  await pool.close();
  const countersAfter = await servers.standins.call<StandinCounters>('counters');
  const statsAfter = await servers.bff.call<Record<string, BffInstanceStats>>('stats');
  const upstream = await servers.standins.call<ErsRequestSeen[]>('ersRequests', {
    from: countersBefore.ersRequests,
  });
  const statuses: Record<string, number> = {};
  for (const response of responses)
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  const delta = statsDelta(statsBefore[name]!, statsAfter[name]!);
  const tokenEndpointCalls = countersAfter.tokenEndpoint - countersBefore.tokenEndpoint;
  const expected = atExpiry ? 1 : 0;
  const asExpected =
    tokenEndpointCalls === expected &&
    delta.tokenCalls.refresh === expected &&
    delta.tokenCalls.exchange === 0 &&
    (statuses['200'] ?? 0) === CONCURRENT_CALLS;
  if (!asExpected) {
    problems.push(
      `(d) ${atExpiry ? 'at expiry' : 'before expiry'}: ${tokenEndpointCalls} token calls (expected ${expected}), statuses ${JSON.stringify(statuses)}`,
    );
  }
  return {
    clock: atExpiry ? `instance ${LATER_MS / 1000} s on (token has < 60 s left)` : 'normal',
    concurrentCalls: CONCURRENT_CALLS,
    connectionsOpen: connections,
    ms,
    statuses,
    apimTokenEndpointCalls: tokenEndpointCalls,
    bffTokenCalls: delta.tokenCalls,
    accessTokenStats: delta.accessTokens,
    upstreamA005: countOperations(upstream).A005 ?? 0,
    distinctBearerTokens: new Set(upstream.map((request) => request.authorization)).size,
    expectedTokenCalls: expected,
    asExpected,
  };
}

// ---------------------------------------------------------------------------------------------
// The report

function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((value) => round(value, 2)),
  };
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const host = machine();
  mkdirSync(REPORT_DIR, { recursive: true });
  console.log('BFF benchmark (figures only; loopback; nothing here is a pass/fail test)');
  console.log(
    `  machine: ${host.cpuModel}, ${host.cores} cores, ${host.memoryGiB} GiB; Node ${host.node}; load average ${host.loadAverageAtStart.join(' ')}`,
  );
  console.log(
    `  limits out of the way: the BFF's e-RS limiter and per-session share replaced by ones that never refuse (production: ERS_RATE_LIMIT_PER_SECOND and ERS_SESSION_RATE_LIMIT_PER_SECOND, at most 1000/s); e-RS stand-in ${STANDIN_RATE_LIMIT}/s (live e-RS: 10/s)`,
  );
  console.log(
    '  processes: load generator (this one), stand-ins, BFF, bare proxy: each server its own child\n',
  );

  const servers = await within(startServers(), 60_000, 'starting the servers');

  console.log(
    `(a) CPU per proxied A005 and throughput: ${options.requests} requests after ${options.warmup} warm-up, ` +
      `${options.connections} keep-alive connections (undici Pool), ${options.rounds} round(s), median [min-max]`,
  );
  const a = await throughput(servers);
  const span = (value: Spread | null) =>
    value ? `${value.median} [${value.min}-${value.max}]` : '-';
  console.log(
    table(
      [
        'path',
        'req/s',
        'layer CPU µs/req',
        'layer % of a core',
        'stand-in µs/req',
        'all servers µs/req',
        'generator µs/req',
        'others %',
        'new e-RS conns',
      ],
      Object.values(a.summary).map((path) => [
        path.label,
        span(path.requestsPerSecond),
        span(path.layerMicrosPerRequest),
        span(path.layerCorePercent),
        span(path.standinMicrosPerRequest),
        span(path.serverMicrosPerRequest),
        span(path.generatorMicrosPerRequest),
        span(path.othersPercent),
        span(path.standinConnectionsOpened),
      ]),
    ),
  );
  console.log(
    `  BFF / bare proxy, CPU per call of the layer itself: ${a.ratios.bffOverProxy}x (logs off), ${a.ratios.bffWithLogsOverProxy}x (info logs); ` +
      `info logs cost ${a.ratios.logsCostMicrosPerRequest} µs/request`,
  );
  console.log('  (layer: the proxy or BFF process; for the direct path, the stand-ins)');
  // Contention inflates the BFF's figure more than the proxy's, so a busy machine skews the ratio.
  const busiest = Math.max(...Object.values(a.summary).map((path) => path.othersPercent?.max ?? 0));
  if (busiest > DISTURBED_PERCENT) {
    console.log(
      `  DISTURBED: other processes used up to ${busiest}% of the machine during (a); ` +
        `run again on a quiet machine before quoting these figures`,
    );
  }
  console.log(
    `  deferred BFF work: ${a.deferred.requests} more BFF requests cost ${a.deferred.inPhaseMicrosPerRequest} µs each while running ` +
      `and ${a.deferred.afterMicrosPerRequest} µs each in the ${DEFERRED_MS / 1000} s after ` +
      `(the rounds left ${round(a.deferred.afterRoundsMicros / 1000)} ms of it)`,
  );
  console.log(
    `  idle CPU µs/s: stand-ins ${a.idleMicrosPerSecond.standins}, BFF ${a.idleMicrosPerSecond.bff}, proxy ${a.idleMicrosPerSecond.proxy}`,
  );
  if (a.profile) {
    console.log(
      `\n  where the BFF process spends its CPU (V8 sampling profile of ${options.requests} more BFF requests, ` +
        `${a.profile.busyMs} ms busy; ${a.profilePath}):`,
    );
    console.log('  self time by area:');
    console.log(
      table(
        ['area', 'ms', '%'],
        a.profile.selfByArea.slice(0, 12).map((s) => [s.name, s.ms, s.percent]),
      ),
    );
    console.log('  hottest functions (self):');
    console.log(
      table(
        ['function', 'ms', '%'],
        a.profile.selfByFunction.slice(0, 12).map((s) => [s.name, s.ms, s.percent]),
      ),
    );
    console.log('  our own code, inclusive of what it calls:');
    console.log(
      table(
        ['function', 'ms', '%'],
        a.profile.inclusiveOwn.slice(0, 12).map((s) => [s.name, s.ms, s.percent]),
      ),
    );
  }

  console.log(
    `\n(b) Added latency: ${options.rate} requests/s per path, evenly spaced (open loop), for ${options.seconds} s; ` +
      "both paths at once, direct offset by half an interval; ms from each request's scheduled time",
  );
  const b = await addedLatency(servers, a.proxyTarget);
  console.log(
    table(
      ['path', 'p50', 'p90', 'p99', 'max', 'ok', 'failed', 'generator send lag p50/p99'],
      Object.entries(b.results).map(([name, result]) => [
        name,
        result.latency.p50,
        result.latency.p90,
        result.latency.p99,
        result.latency.max,
        result.ok,
        result.failed,
        `${result.sendLag.p50}/${result.sendLag.p99}`,
      ]),
    ),
  );
  console.log(
    `  added by the BFF: p50 +${b.added.p50} ms, p99 +${b.added.p99} ms (difference of percentiles)`,
  );
  const closedBff = a.summary.bff.layerMicrosPerRequest?.median ?? NaN;
  const closedProxy = a.summary.proxy.layerMicrosPerRequest?.median ?? NaN;
  console.log(
    `  CPU meanwhile: BFF ${b.cpu.bffMicrosPerRequest} µs per request (${b.cpu.bffCpuPercent}% of a core; ` +
      `${round(b.cpu.bffMicrosPerRequest / closedBff, 2)}x its ${closedBff} µs in the closed loop), ` +
      `stand-ins ${b.cpu.standinMicrosPerRequest} µs per e-RS request; others ${b.cpu.othersPercent ?? '?'}% of the machine`,
  );
  console.log(
    `  control, the bare proxy alone at ${options.rate}/s for ${b.proxyControl.seconds} s: ${b.proxyControl.proxyMicrosPerRequest} µs per request ` +
      `(${round(b.proxyControl.proxyMicrosPerRequest / closedProxy, 2)}x its ${closedProxy} µs in the closed loop); ` +
      `latency p50 ${b.proxyControl.latency.p50} ms, p99 ${b.proxyControl.latency.p99} ms; others ${b.proxyControl.othersPercent ?? '?'}%`,
  );
  console.log(
    `  waking from idle: ${b.bffWakeupMicros} µs of the BFF process's CPU per empty timer callback every ${WAKE_EVERY_MS} ms ` +
      `(a request at an even rate wakes it at least twice: the request, then e-RS's answer)`,
  );

  console.log('\n(c) Clinician journey (persona 555032006106, SPC at RCD)');
  const c = [await journey(servers, false), await journey(servers, true)];
  for (const run of c) {
    console.log(
      `  clock: ${run.clock}; referrals ${run.ubrns.join(' ')}; ${run.totalMs} ms in all`,
    );
    console.log(
      table(
        ['step', 'instance', 'status', 'ms', 'bytes'],
        run.steps.map((s) => [s.step, s.instance, s.status, s.ms, s.bytes]),
      ),
    );
    console.log(
      `  upstream e-RS calls: ${Object.entries(run.upstreamByOperation)
        .map(([operation, count]) => `${operation} ${count}`)
        .join(', ')} (${run.upstreamTotal} in all; ${run.objectStoreRequests} object-store GET); ` +
        `PDS GET /Patient: ${run.pdsCalls} for ${run.pdsPatients} patients; ` +
        `APIM token endpoint: ${run.apimTokenEndpointCalls}; bearer tokens used: ${run.distinctBearerTokens}`,
    );
    for (const [name, stats] of Object.entries(run.bffStats)) {
      console.log(
        `  ${name}: token calls ${JSON.stringify(stats.tokenCalls)}; accessTokens.stats ${JSON.stringify(stats.accessTokens)}`,
      );
    }
  }

  const advice = await adviceJourney(servers);
  console.log(
    `\n(f) Advice and Guidance journey (555032006106): worklist and its rows' patients, then each of ${advice.ubrns.length} requests' summary with its patient banner and conversation, one overview PDF; ${advice.totalMs} ms`,
  );
  console.log(
    `  upstream e-RS calls: ${Object.entries(advice.upstreamByOperation)
      .filter(
        ([operation, count]) => count > 0 || operation.startsWith('A02') || operation === 'A043',
      )
      .map(([operation, count]) => `${operation} ${count}`)
      .join(
        ', ',
      )} (${advice.upstreamTotal} in all, A030 at sign-in aside; ${advice.repeated} repeated)`,
  );

  console.log(
    `\n(e) Referrer journey (persona ${REFERRER}, RC at RCD): referral ${REFERRER_UBRN}, its actions, each shortlisted service`,
  );
  const e = await referrerJourney(servers);
  console.log(
    table(
      ['step', 'status'],
      e.steps.map((s) => [s.step, s.status]),
    ),
  );
  console.log(
    `  upstream e-RS calls: ${Object.entries(e.upstreamByOperation)
      .filter(([, count]) => count > 0)
      .map(([operation, count]) => `${operation} ${count}`)
      .join(', ')} (${e.upstreamTotal} in all; no duplicates unless listed under problems)`,
  );

  console.log(
    `\n(d) APIM token-endpoint calls for ${CONCURRENT_CALLS} concurrent API calls on a fresh session`,
  );
  const d = [await concurrentCalls(servers, false), await concurrentCalls(servers, true)];
  console.log(
    table(
      [
        'clock',
        'connections',
        'statuses',
        'token calls',
        'exchange',
        'refresh',
        'waited',
        'tokens upstream',
        'ms',
        'expected',
      ],
      d.map((run) => [
        run.clock,
        run.connectionsOpen,
        JSON.stringify(run.statuses),
        run.apimTokenEndpointCalls,
        run.bffTokenCalls.exchange,
        run.bffTokenCalls.refresh,
        run.accessTokenStats.waitedForRefresh,
        run.distinctBearerTokens,
        run.ms,
        `${run.expectedTokenCalls} ${run.asExpected ? '(as expected)' : '(NOT as expected)'}`,
      ]),
    ),
  );
  console.log('  (the sign-in before each made its own token exchange, not counted above)');

  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { ...host, loadAverageAtEnd: os.loadavg().map((value) => round(value, 2)) },
    options,
    limits: {
      bffErsRateLimiter: 'replaced by one that never refuses',
      standinRateLimitPerSecond: STANDIN_RATE_LIMIT,
      note: 'raised for the benchmark; live e-RS allows 10 requests/s per application',
    },
    a,
    b,
    c,
    adviceJourney: advice,
    d,
    problems,
  };
  writeFileSync(`${REPORT_DIR}/bench.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten: ${REPORT_DIR}/bench.json`);
  if (problems.length) {
    console.log(`\nPROBLEMS (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }

  await Promise.all(children.map((child) => child.stop()));
  return problems.length ? 1 : 0;
}

main().then(
  (code) => {
    clearTimeout(watchdog);
    process.exit(code);
  },
  (error: unknown) => {
    console.error('bench failed:', error);
    for (const child of children) child.kill();
    process.exit(1);
  },
);
