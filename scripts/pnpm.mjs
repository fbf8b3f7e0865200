#!/usr/bin/env node
// Runs the pnpm pinned in package.json#packageManager through corepack (ships with Node),
// so a fresh machine with only Node and npm needs nothing else installed.
//
// COREPACK_INTEGRITY_KEYS=0: the npm registry as reached from our build machines serves no
// npm signatures, so corepack's signature check cannot pass. The pnpm tarball is still
// verified: packageManager pins its sha512, and corepack refuses a tarball that differs.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useNode24 } from './node-version.mjs';

export const pnpmEnv = {
  ...process.env,
  COREPACK_INTEGRITY_KEYS: '0',
  COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
  COREPACK_ENABLE_STRICT: '1',
};

/** Runs pnpm synchronously with inherited stdio; returns the exit code. */
export function pnpm(args, options = {}) {
  const result = spawnSync('corepack', ['pnpm', ...args], {
    stdio: 'inherit',
    env: { ...pnpmEnv, ...options.env },
    cwd: options.cwd,
  });
  if (result.error) {
    console.error(
      `Could not run corepack (${result.error.message}). Node.js 24 ships it; from Node.js 25 on, ` +
        'install it with "npm install -g corepack".',
    );
    return 1;
  }
  return result.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await useNode24();
  process.exit(pnpm(process.argv.slice(2)));
}
