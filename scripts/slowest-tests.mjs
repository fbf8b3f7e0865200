#!/usr/bin/env node
// The slowest tests of each suite, from the reports `npm test` writes, each against its timeout.
// A test over half its timeout is flagged: it passes today, but on a busier machine it is the
// next to time out. `npm test` prints this before its result; run it on its own after a
// Playwright or Vitest run that wrote to reports/.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SHOWN = 10;

/** Playwright's JSON report, as [{ name, duration, timeout }], one per test and project. */
export function playwrightTimings(file) {
  const { suites } = JSON.parse(readFileSync(file, 'utf8'));
  const tests = [];
  const visit = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        // The last attempt: the one that decided the outcome.
        const result = test.results.at(-1);
        if (!result || test.status === 'skipped') continue;
        tests.push({
          name: `[${test.projectName}] ${[...titles, spec.title].join(' › ')}`,
          duration: result.duration,
          timeout: test.timeout,
        });
      }
    }
    for (const child of suite.suites ?? []) visit(child, [...titles, child.title]);
  };
  for (const suite of suites) visit(suite, [suite.title]);
  return tests;
}

// Playwright's error messages carry the terminal's colours.
// eslint-disable-next-line no-control-regex
const stripAnsi = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');

/** The tests of Playwright's JSON report that failed or were flaky, one line each with the error. */
export function playwrightFailures(file) {
  const { suites } = JSON.parse(readFileSync(file, 'utf8'));
  const failed = [];
  const visit = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        if (test.status !== 'unexpected' && test.status !== 'flaky') continue;
        const error = test.results.find((result) => result.error)?.error?.message ?? '';
        const line =
          stripAnsi(error)
            .split('\n')
            .find((each) => each.trim() !== '') ?? '';
        failed.push(
          `[${test.projectName}] ${[...titles, spec.title].join(' › ')} (${test.status})` +
            (line ? `: ${line.trim().slice(0, 200)}` : ''),
        );
      }
    }
    for (const child of suite.suites ?? []) visit(child, [...titles, child.title]);
  };
  for (const suite of suites) visit(suite, [suite.title]);
  return failed;
}

/** What scripts/vitest-timings.mjs wrote. */
export function vitestTimings(file) {
  return JSON.parse(readFileSync(file, 'utf8')).tests;
}

// A timeout of 0 means none.
export const overHalf = (test) => test.timeout > 0 && test.duration > test.timeout / 2;

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The suite's slowest tests, one line each, under a line that counts all those over half. */
export function slowestLines(title, tests) {
  const shown = [...tests].sort((a, b) => b.duration - a.duration).slice(0, SHOWN);
  const flagged = tests.filter(overHalf).length;
  return [
    `${title}: the ${shown.length} slowest of ${tests.length}` +
      (flagged > 0 ? `; ${flagged} over half their timeout (!!)` : ''),
    ...shown.map(
      (test) =>
        `  ${overHalf(test) ? '!!' : '  '} ${seconds(test.duration).padStart(7)} of ` +
        `${seconds(test.timeout).padStart(6)}  ${test.name}`,
    ),
  ];
}

/** The reports `npm test` writes, in the order it runs them: [title, file, read]. */
export function reportsIn(dir) {
  return [
    ['@ers/shared (Vitest)', `${dir}/vitest-shared-timings.json`, vitestTimings],
    ['@ers/bff (Vitest)', `${dir}/vitest-bff-timings.json`, vitestTimings],
    ['@ers/web (Vitest)', `${dir}/vitest-web-timings.json`, vitestTimings],
    ['Playwright', `${dir}/playwright.json`, playwrightTimings],
  ].filter(([, file]) => existsSync(file));
}

/** Prints each report's slowest tests; returns how many tests are over half their timeout. */
export function printSlowest(dir) {
  let flagged = 0;
  for (const [title, file, read] of reportsIn(dir)) {
    const tests = read(file);
    flagged += tests.filter(overHalf).length;
    console.log(`\n${slowestLines(title, tests).join('\n')}`);
  }
  return flagged;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printSlowest(fileURLToPath(new URL('../reports', import.meta.url)));
}
