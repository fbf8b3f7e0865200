#!/usr/bin/env node
// `npm run dev`: the SPA from Vite's dev server (hot module replacement) in front of the BFF and
// the local stand-ins under `tsx watch` (restarted on a change). Open Vite's origin: it proxies
// the BFF's paths, so the browser sees one origin, as in production (bff/local/start-dev.ts).
// Ports: WEB_DEV_PORT (Vite, 5173), PORT (BFF, 3000), CIS2_STANDIN_PORT, APIM_STANDIN_PORT.
import { spawn } from 'node:child_process';
import { useNode24 } from './node-version.mjs';
import { pnpm, pnpmEnv } from './pnpm.mjs';

await useNode24();
console.log('Installing dependencies...');
const installed = pnpm(['install', '--frozen-lockfile', '--reporter=silent']);
if (installed !== 0) process.exit(installed);

const webDevPort = process.env.WEB_DEV_PORT ?? '5173';
const bffPort = process.env.PORT ?? '3000';
const env = { ...pnpmEnv, WEB_DEV_PORT: webDevPort, PORT: bffPort };

const pnpmSilently = (args, extraEnv = {}) =>
  spawn('corepack', ['pnpm', '--silent', ...args], {
    stdio: 'inherit',
    env: { ...env, ...extraEnv },
  });
const children = [
  pnpmSilently(['--filter', '@ers/bff', 'start:dev']),
  // The proxy's target is the BFF's loopback address (it listens on 127.0.0.1, and "localhost"
  // may resolve to ::1 first); the browser never sees it.
  pnpmSilently(['--filter', '@ers/web', 'exec', 'vite', '--port', webDevPort, '--strictPort'], {
    BFF_ORIGIN: `http://127.0.0.1:${bffPort}`,
  }),
];

// One stops, both stop: a dev server without its BFF (or the reverse) only confuses.
let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
