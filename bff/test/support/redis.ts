/**
 * A throwaway Redis for one test file: Debian's redis-server on a free loopback port, nothing
 * persisted, stopped by its pid. Missing redis-server fails loudly: a Redis suite that skipped
 * itself would pass without testing anything.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

export const REDIS_SERVER = '/usr/bin/redis-server';

export type TestRedis = {
  url: string;
  /**
   * SIGSTOP: connections stay open and commands are accepted by the kernel but never answered,
   * as with a Redis stuck in a long command or behind a silent network. `thaw` (SIGCONT) resumes it.
   */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
};

const STARTUP_TIMEOUT_MS = 10_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** One PING over a raw socket: no client library involved in deciding the server is up. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`redis-server: timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A daemon that exited stays a zombie until init reaps it, which can take a second here. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false; // gone between the two checks
  }
}

/** `port` only to restart a stopped server where its clients expect it; else a free one. */
export async function startRedis(options: { port?: number } = {}): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `${REDIS_SERVER} is missing: install Debian's "redis-server" package ` +
        '(apt-get install -y redis-server; scripts/test.mjs does it when run as root).',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'ers-bff-redis-'));
  const pidfile = join(dir, 'redis.pid');
  const port = options.port ?? (await freePort());
  await promisify(execFile)(REDIS_SERVER, [
    ...['--save', '', '--appendonly', 'no'],
    ...['--port', String(port), '--bind', '127.0.0.1'],
    ...['--daemonize', 'yes', '--pidfile', pidfile],
    ...['--dir', dir, '--logfile', join(dir, 'redis.log')],
  ]);
  // Never 0 or NaN: process.kill(0) would signal our own process group.
  const readPid = () => (existsSync(pidfile) ? Number(readFileSync(pidfile, 'utf8').trim()) : 0);
  await waitFor('its pid file', () => Number.isInteger(readPid()) && readPid() > 0);
  const pid = readPid();
  await waitFor(`port ${port}`, () => answersPing(port));

  return {
    url: `redis://127.0.0.1:${port}`,
    freeze: () => process.kill(pid, 'SIGSTOP'),
    thaw: () => process.kill(pid, 'SIGCONT'),
    async stop() {
      // A stopped process would hold SIGTERM until continued.
      if (isRunning(pid)) process.kill(pid, 'SIGCONT');
      if (isRunning(pid)) process.kill(pid, 'SIGTERM');
      await waitFor(`pid ${pid} to exit`, () => !isRunning(pid));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One Redis shared by a test file. A failed start is not thrown from `beforeAll` (Vitest would
 * report the file's tests as skipped) but from `url()`, so every test that needs Redis fails,
 * with the reason.
 */
export function redisForTests() {
  let redis: TestRedis | undefined;
  let failure: unknown;
  return {
    async start() {
      try {
        redis = await startRedis();
      } catch (error) {
        failure = error;
      }
    },
    async stop() {
      await redis?.stop();
    },
    url(): string {
      if (!redis) throw failure ?? new Error('redis-server was not started');
      return redis.url;
    },
  };
}
