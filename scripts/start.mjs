#!/usr/bin/env node
// `npm start`: install, build the SPA, then start the BFF with the local CIS2 and APIM + e-RS
// stand-ins (in-memory sessions, keys generated at start-up). Ends with one block: the URL, the
// test users and the referrals to look up (bff/local/banner.ts).
// `npm start -- --sandbox`: the CIS2 stand-in alone, and e-RS from NHS's public sandbox.
//
// Quiet on purpose: pnpm's script echoes and Vite's file-size table are left out, warnings and
// errors are not, so whatever appears above the block is worth reading.
import { spawn } from 'node:child_process';
import { pnpm, pnpmEnv } from './pnpm.mjs';
import { useNode24 } from './node-version.mjs';

await useNode24();
const step = (name, args) => {
  console.log(`${name}...`);
  const code = pnpm(args);
  if (code !== 0) {
    console.error(`\n${name} failed (exit ${code}).`);
    process.exit(code);
  }
};

step('Installing dependencies', ['install', '--frozen-lockfile', '--reporter=silent']);
step('Building the web app', [
  '--silent',
  '--filter',
  '@ers/web',
  'exec',
  'vite',
  'build',
  '--logLevel',
  'warn',
]);

const sandbox = process.argv.includes('--sandbox');
console.log(
  sandbox
    ? 'Starting the BFF and the CIS2 stand-in, against the public e-RS sandbox...'
    : 'Starting the BFF and the local stand-ins...',
);
const script = sandbox ? 'local/start-sandbox.ts' : 'local/start-local.ts';
const child = spawn(
  'corepack',
  ['pnpm', '--silent', '--filter', '@ers/bff', 'exec', 'tsx', script],
  {
    stdio: 'inherit',
    env: pnpmEnv,
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
