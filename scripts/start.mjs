#!/usr/bin/env node
// `npm start`: install, build the SPA, then start the BFF with the local CIS2 and APIM + e-RS
// stand-ins (in-memory sessions, keys generated at start-up). Prints the URL and test users.
// `npm start -- --sandbox`: the CIS2 stand-in alone, and e-RS from NHS's public sandbox.
import { spawn } from 'node:child_process';
import { pnpm, pnpmEnv } from './pnpm.mjs';
import { useNode24 } from './node-version.mjs';

await useNode24();
const step = (name, args) => {
  console.log(`\n> ${name}`);
  const code = pnpm(args);
  if (code !== 0) {
    console.error(`\n${name} failed (exit ${code}).`);
    process.exit(code);
  }
};

step('Installing dependencies', ['install', '--frozen-lockfile', '--reporter=silent']);
step('Building the web app', ['--filter', '@ers/web', 'build']);

const sandbox = process.argv.includes('--sandbox');
console.log(
  sandbox
    ? '\n> Starting the BFF and the CIS2 stand-in, against the public e-RS sandbox'
    : '\n> Starting the BFF and the local stand-ins',
);
const script = sandbox ? 'start:sandbox' : 'start:local';
const child = spawn('corepack', ['pnpm', '--filter', '@ers/bff', script], {
  stdio: 'inherit',
  env: pnpmEnv,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
