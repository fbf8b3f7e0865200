/**
 * What every server process of the benchmark answers (its CPU, the price of a wake-up, a CPU
 * profile, exit), for standins-server.ts and measured-server.ts.
 */
import { findSourceMap } from 'node:module';
import type { Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { writeFileSync } from 'node:fs';
import type { Handlers } from './ipc';
import { summariseProfile, type CpuProfile } from './profile';
import type { CpuSample } from './types';

export const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://localhost:${(server.address() as AddressInfo).port}`),
    ),
  );

export const close = (server: Server | ServerType) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });

export const common = (closeAll: () => Promise<void>): Handlers => ({
  cpu: (): CpuSample => ({ ...process.cpuUsage(), rss: process.memoryUsage.rss() }),
  /** CPU µs per wake-up of this process from idle: `count` empty timer callbacks. */
  wakeups: async ({ count, everyMs }: { count: number; everyMs: number }): Promise<number> => {
    const from = process.cpuUsage();
    await new Promise<void>((resolve) => {
      let woken = 0;
      const timer = setInterval(() => {
        woken += 1;
        if (woken >= count) {
          clearInterval(timer);
          resolve();
        }
      }, everyMs);
    });
    const spent = process.cpuUsage(from);
    return (spent.user + spent.system) / count;
  },
  exit: async () => {
    const timer = setTimeout(() => process.exit(1), 5_000);
    await closeAll().catch(() => undefined);
    clearTimeout(timer);
    process.exit(0);
  },
});

/** Profiles this process between two calls (V8's sampler; only used outside measured phases). */
export function profiler(): Handlers {
  let session: Session | undefined;
  return {
    profileStart: async () => {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
    },
    profileStop: async ({ path }: { path: string }) => {
      if (!session) throw new Error('profiler not started');
      const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
      session.disconnect();
      session = undefined;
      toOriginalSources(profile);
      writeFileSync(path, JSON.stringify(profile));
      return summariseProfile(profile);
    },
  };
}

/**
 * Puts each frame of a profile of bundled code back in the file and line it was written in (the
 * bundle's source map, which `--enable-source-maps` makes Node load), so the summary and the
 * written profile name `bff/src/...`, not the bundle.
 */
function toOriginalSources(profile: CpuProfile): void {
  for (const { callFrame: frame } of profile.nodes) {
    if (!frame.url.startsWith('file://')) continue;
    const entry = findSourceMap(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (!entry || !('originalSource' in entry)) continue;
    frame.url = entry.originalSource;
    frame.lineNumber = entry.originalLine;
    frame.columnNumber = entry.originalColumn;
  }
}
