#!/usr/bin/env node
// `npm test`: installs what the suites need, then runs typecheck, lint, formatting, the check of
// the docs' links, unit and integration tests (Vitest) and the Playwright end-to-end suites,
// lists each suite's slowest tests, and ends with one line: `N passed, N failed`. Exits non-zero
// when anything failed or could not run.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { pnpm } from './pnpm.mjs';
import { playwrightFailures, printSlowest } from './slowest-tests.mjs';
import { useNode24 } from './node-version.mjs';

await useNode24();
const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const reports = `${root}reports`;
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

let passed = 0;
let failed = 0;
const failures = [];

function check(name, ok) {
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(name);
  }
}

/** The first line of a failure message, after ': ' (a CI log's tail should say what broke). */
function firstLine(message) {
  const line = message
    ?.split('\n')
    .find((each) => each.trim() !== '')
    ?.trim();
  return line ? `: ${line.slice(0, 200)}` : '';
}

function section(name) {
  console.log(`\n==> ${name}`);
}

function stop(message) {
  console.error(`\n${message}`);
  console.log(`\n${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function ensureDebianPackage(binary, pkg) {
  if (existsSync(binary)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    stop(
      `Missing ${binary}: install Debian's "${pkg}" package (sudo apt-get install -y ${pkg}) and run again.`,
    );
  }
  section(`Installing Debian's ${pkg}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env });
  if (update.status !== 0 || install.status !== 0 || !existsSync(binary)) {
    stop(`Could not install Debian's "${pkg}" package with apt-get.`);
  }
}

section(`Installing dependencies (on Node.js ${process.versions.node})`);
if (pnpm(['install', '--frozen-lockfile', '--reporter=silent']) !== 0) stop('pnpm install failed.');
ensureDebianPackage(CHROMIUM, 'chromium');
ensureDebianPackage('/usr/bin/redis-server', 'redis-server');

const packages = ['@ers/shared', '@ers/fixtures', '@ers/bff', '@ers/web', '@ers/e2e'];

section('Typecheck');
for (const name of packages)
  check(`typecheck ${name}`, pnpm(['--filter', name, 'typecheck']) === 0);

section('Lint, formatting and links');
check('lint', pnpm(['exec', 'eslint', '.', '--max-warnings', '0']) === 0);
check('formatting', pnpm(['exec', 'prettier', '--check', '.', '--log-level', 'warn']) === 0);
check(
  'links (README.md files and docs/)',
  spawnSync(process.execPath, ['scripts/check-links.mjs'], { stdio: 'inherit' }).status === 0,
);

function countVitest(name, file) {
  if (!existsSync(file)) {
    check(`${name}: no results`, false);
    return;
  }
  const results = JSON.parse(readFileSync(file, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  for (const testFile of results.testResults) {
    for (const test of testFile.assertionResults.filter((each) => each.status === 'failed')) {
      failures.push(
        `${name}: ${relative(root, testFile.name)} › ${test.fullName}` +
          firstLine(test.failureMessages[0]),
      );
    }
  }
  // A file that failed without a failing test (it did not load, or a beforeAll threw and its
  // tests were skipped) is still a failure.
  const broken = results.testResults.filter(
    (file) =>
      file.status === 'failed' &&
      !file.assertionResults.some((assertion) => assertion.status === 'failed'),
  );
  for (const file of broken) check(`${name}: ${file.name} failed outside its tests`, false);
}

for (const name of ['@ers/shared', '@ers/fixtures', '@ers/bff', '@ers/web']) {
  section(`Unit and integration tests: ${name}`);
  const base = `${reports}/vitest-${name.replace('@ers/', '')}`;
  pnpm(
    [
      '--filter',
      name,
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${base}.json`,
      `--reporter=${root}scripts/vitest-timings.mjs`,
    ],
    { env: { VITEST_TIMINGS_FILE: `${base}-timings.json`, EVIDENCE_DIR: reports } },
  );
  countVitest(name, `${base}.json`);
}

section('Building the web app for the end-to-end tests');
const built = pnpm(['--filter', '@ers/web', 'build']) === 0;
check('web build', built);
check(
  'web budgets',
  built &&
    spawnSync(process.execPath, ['scripts/web-budgets.mjs'], { stdio: 'inherit' }).status === 0,
);

if (built) {
  section('End-to-end tests (Playwright, Chromium: desktop and iPad)');
  pnpm(['--filter', '@ers/e2e', 'exec', 'playwright', 'test'], {
    env: { CHROMIUM_PATH: CHROMIUM },
  });
  const file = `${reports}/playwright.json`;
  if (existsSync(file)) {
    const { stats, errors } = JSON.parse(readFileSync(file, 'utf8'));
    passed += stats.expected;
    failed += stats.unexpected + stats.flaky;
    for (const test of playwrightFailures(file)) failures.push(`playwright: ${test}`);
    if (stats.expected + stats.unexpected + stats.flaky === 0 || errors.length > 0)
      check('playwright ran', false);
  } else {
    check('playwright: no results', false);
  }
}

// The evidence suites (bff/test/evidence/) ran with the bff tests; each left its one line.
section('Evidence (bff/test/evidence: npm run evidence:<part> in bff/ runs one part)');
for (const part of ['security', 'faults', 'load']) {
  const file = `${reports}/evidence-${part}.txt`;
  console.log(existsSync(file) ? readFileSync(file, 'utf8').trimEnd() : `${part}: no result`);
}

section('Slowest tests (!! = over half its timeout: split it or speed it up)');
const flagged = printSlowest(reports);
if (flagged > 0) {
  console.log(
    `\n!! ${flagged} tests took over half their timeout: not failures, but the next to be.`,
  );
}

if (failures.length > 0)
  console.log(`\nFailed:\n${failures.map((each) => `  ${each}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
