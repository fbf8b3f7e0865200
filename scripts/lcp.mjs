#!/usr/bin/env node
// Largest Contentful Paint of the referral summary (/referrals/000000070000) as a clinician on
// an iPad would see it: the `iPad Pro 11` descriptor on Debian's Chromium, the CPU slowed 4x
// through the DevTools protocol (Emulation.setCPUThrottlingRate), the HTTP cache off, so every
// run loads the app afresh. Five runs; prints each and the median. A measurement to read, not a
// test: it is not part of `npm test`. Also prints when the page's h1 appeared in the DOM.
//
// Starts the local environment itself, as Playwright's webServer does (the BFF serving web/dist
// with the CIS2 and APIM + e-RS stand-ins), signs in once as Dr Priya Shah, and stops the
// environment at the end. Needs a built SPA (node scripts/pnpm.mjs --filter @ers/web build).
//
//   node scripts/lcp.mjs [--runs 5] [--cpu 4] [--url /referrals/000000070000]
//   LCP_PORT=3300 (the stand-ins take the next two ports), CHROMIUM_PATH=/usr/bin/chromium
/* global window, document, MutationObserver -- observeLcp and the evaluate callback run in the page */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { useNode24 } from './node-version.mjs';
import { pnpmEnv } from './pnpm.mjs';

await useNode24();

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    cpu: { type: 'string', default: '4' },
    url: { type: 'string', default: '/referrals/000000070000' },
  },
});
const RUNS = Number(values.runs);
const CPU_RATE = Number(values.cpu);
const PORT = Number(process.env.LCP_PORT ?? 3300);
const ORIGIN = `http://localhost:${PORT}`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PERSONA = 'Dr Priya Shah';

if (!existsSync(`${root}web/dist/index.html`)) {
  console.error('No built SPA: run "node scripts/pnpm.mjs --filter @ers/web build" first.');
  process.exit(2);
}

// Playwright is the e2e package's dependency: load it from there.
const requireFromE2e = createRequire(`${root}e2e/package.json`);
const { chromium, devices } = requireFromE2e('@playwright/test');

/** `start:local` in its own process group, so stopping it stops pnpm, tsx and the servers. */
function startEnvironment() {
  const child = spawn('corepack', ['pnpm', '--filter', '@ers/bff', 'start:local'], {
    cwd: root,
    detached: true,
    // Its output (the start-up banner, any warnings) is shown only on failure.
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...pnpmEnv,
      PORT: String(PORT),
      CIS2_STANDIN_PORT: String(PORT + 1),
      APIM_STANDIN_PORT: String(PORT + 2),
      LOG_LEVEL: 'warn',
    },
  });
  child.output = '';
  const keep = (chunk) => {
    child.output = (child.output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return child;
}

function stopEnvironment(child) {
  if (child.exitCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

async function waitUntilReady(child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`start:local exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${ORIGIN}/health/ready`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
  throw new Error(`${ORIGIN}/health/ready did not answer within 60 s`);
}

/**
 * Records LCP candidates from the very start of each page load, and when the page's h1 first
 * appears: the LCP element can be the page template (the footer is as large as anything on a
 * referral), so the time the referral itself is on the page is reported beside it.
 */
function observeLcp() {
  window.__lcp = [];
  window.__h1 = null;
  new MutationObserver(() => {
    if (window.__h1 === null && document.querySelector('main h1')?.textContent?.trim()) {
      window.__h1 = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const element = entry.element;
      window.__lcp.push({
        startTime: entry.startTime,
        size: entry.size,
        element: element
          ? `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 40)}"`
          : '(removed)',
      });
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const environment = startEnvironment();
const stop = () => stopEnvironment(environment);
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});

let browser;
try {
  await waitUntilReady(environment);
  // defaultBrowserType (webkit) is not a context option: this is Chromium.
  const { defaultBrowserType, ...ipad } = devices['iPad Pro 11'];
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--disable-gpu',
    ],
  });
  const context = await browser.newContext({ ...ipad, baseURL: ORIGIN });
  await context.addInitScript(observeLcp);

  // Sign in once; the session cookie serves every run.
  const signIn = await context.newPage();
  await signIn.goto('/');
  await signIn.getByRole('link', { name: 'Sign in with NHS Care Identity Service 2' }).click();
  await signIn.getByRole('button', { name: `Sign in as ${PERSONA}` }).click();
  // A signed-in user lands on their role's first place (the worklists for this persona).
  await signIn.getByRole('navigation', { name: 'Menu' }).waitFor();
  await signIn.close();

  console.log(
    `LCP of ${values.url}: iPad Pro 11 on Chromium, CPU ${CPU_RATE}x slower, cache off, ${RUNS} runs`,
  );
  const results = [];
  const headings = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });

    await page.goto(values.url, { waitUntil: 'load' });
    await page.locator('h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    const { entries, h1At } = await page.evaluate(() => ({
      entries: window.__lcp,
      h1At: window.__h1,
    }));
    const heading = await page.locator('h1').first().textContent();
    const last = entries.at(-1);
    if (!last) throw new Error(`run ${run}: no largest-contentful-paint entry`);
    results.push(last.startTime);
    headings.push(h1At ?? Number.NaN);
    console.log(
      `  run ${run}: ${last.startTime.toFixed(0).padStart(5)} ms  (${last.element}); h1 "${heading}" at ${(h1At ?? Number.NaN).toFixed(0)} ms`,
    );
    await page.close();
  }
  const range = (numbers) =>
    `${Math.min(...numbers).toFixed(0)}-${Math.max(...numbers).toFixed(0)} ms`;
  console.log(`  median LCP: ${median(results).toFixed(0)} ms (${range(results)})`);
  console.log(`  median h1 on the page: ${median(headings).toFixed(0)} ms (${range(headings)})`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  if (environment.output) console.error(`\nstart:local said:\n${environment.output}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  stop();
}
