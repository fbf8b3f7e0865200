/**
 * The load generators, run in the parent process (never in a server under test): a closed loop
 * (N keep-alive connections, each sending its next request when the last answered, for a fixed
 * count) and an open loop (request i sent at t0 + i/rate whatever happened before, its latency
 * measured from that scheduled time, so a stall counts against every request it delays).
 * Both are bounded in count and in time; every request has undici's header and body timeouts.
 */
import { Pool } from 'undici';

export const REQUEST_TIMEOUT_MS = 10_000;

export type Target = {
  name: string;
  origin: string;
  path: string;
  headers: Record<string, string>;
};

export function poolFor(origin: string, connections: number): Pool {
  return new Pool(origin, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
}

export type Tally = { ok: number; failed: number; statuses: Record<string, number> };

function count(tally: Tally, status: number | 'error') {
  if (status === 200) tally.ok += 1;
  else tally.failed += 1;
  tally.statuses[String(status)] = (tally.statuses[String(status)] ?? 0) + 1;
}

async function send(pool: Pool, target: Target): Promise<number | 'error'> {
  try {
    const { statusCode, body } = await pool.request({
      path: target.path,
      method: 'GET',
      headers: target.headers,
    });
    await body.arrayBuffer();
    return statusCode;
  } catch {
    return 'error';
  }
}

export type ClosedLoopResult = Tally & { requests: number; elapsedMs: number; timedOut: boolean };

/** `requests` requests over `concurrency` keep-alive connections, as fast as they answer. */
export async function closedLoop(
  pool: Pool,
  target: Target,
  options: { requests: number; concurrency: number; deadlineMs: number },
): Promise<ClosedLoopResult> {
  const tally: Tally = { ok: 0, failed: 0, statuses: {} };
  const started = performance.now();
  const deadline = started + options.deadlineMs;
  let issued = 0;
  let timedOut = false;
  const worker = async () => {
    while (issued < options.requests) {
      if (performance.now() > deadline) {
        timedOut = true;
        return;
      }
      issued += 1;
      count(tally, await send(pool, target));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { ...tally, requests: issued, elapsedMs: performance.now() - started, timedOut };
}

export type Percentiles = { p50: number; p90: number; p99: number; max: number };

/** Nearest-rank percentiles, in ms to 0.01. */
export function percentiles(values: ArrayLike<number>): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

export type OpenLoopResult = Tally & {
  scheduled: number;
  /** From each request's scheduled time to the last byte of its answer (successes only). */
  latency: Percentiles;
  /** How late the generator itself sent requests (timer lateness): part of `latency`. */
  sendLag: Percentiles;
  elapsedMs: number;
  unfinished: number;
};

/**
 * `ratePerSecond` evenly spaced requests for `seconds`, each sent on schedule regardless, the
 * first at `startAt` (a `performance.now()` time; two loops can share one clock, offset).
 */
export async function openLoop(
  pool: Pool,
  target: Target,
  options: { ratePerSecond: number; seconds: number; startAt: number },
): Promise<OpenLoopResult> {
  const total = Math.round(options.ratePerSecond * options.seconds);
  const intervalMs = 1000 / options.ratePerSecond;
  const latencies: number[] = [];
  const lags = new Float64Array(total);
  const tally: Tally = { ok: 0, failed: 0, statuses: {} };
  const inFlight = new Set<Promise<void>>();
  const t0 = options.startAt;

  const fire = (index: number) => {
    const scheduledAt = t0 + index * intervalMs;
    lags[index] = performance.now() - scheduledAt;
    const done = send(pool, target).then((status) => {
      count(tally, status);
      if (status === 200) latencies.push(performance.now() - scheduledAt);
      inFlight.delete(done);
    });
    inFlight.add(done);
  };

  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && t0 + next * intervalMs <= now) fire(next++);
      if (next < total) setTimeout(tick, Math.max(0, t0 + next * intervalMs - performance.now()));
      else resolve();
    };
    setTimeout(tick, Math.max(0, t0 - performance.now()));
  });
  // Bounded: every request has its own timeouts; this is a second belt.
  const drained = Promise.all(inFlight).then(() => true);
  const gaveUp = new Promise<false>((resolve) =>
    setTimeout(() => resolve(false), REQUEST_TIMEOUT_MS * 2).unref(),
  );
  await Promise.race([drained, gaveUp]);
  return {
    ...tally,
    scheduled: total,
    latency: percentiles(latencies),
    sendLag: percentiles(lags),
    elapsedMs: performance.now() - t0,
    unfinished: inFlight.size,
  };
}
