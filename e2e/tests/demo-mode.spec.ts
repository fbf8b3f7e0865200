/**
 * The demo (`dev:mock`: msw in the browser, a demo sign-in page) must never reach a production
 * build: `import.meta.env.MODE` removes it at build time. Checked on the build the BFF serves
 * here, both in the files and in the browser, msw's worker script included. The demo's own behaviour is covered by
 * web/src/testing/__tests__/demo-handlers.test.ts.
 */
import { access, readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
/** Strings only the demo's modules hold: its page, its session key, msw's worker. */
const DEMO_ONLY = ['Choose a demo user', 'ers-demo-session', 'setupWorker', 'demo-sign-in'];

test('the production build holds none of the demo', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one build: the desktop project checks it');
  const assets = (await readdir(`${DIST}assets`)).filter((name) => /\.(js|html)$/.test(name));
  expect(assets.length).toBeGreaterThan(0);
  const found: string[] = [];
  for (const name of [...assets.map((asset) => `assets/${asset}`), 'index.html']) {
    const text = await readFile(`${DIST}${name}`, 'utf8');
    found.push(
      ...DEMO_ONLY.filter((demo) => text.includes(demo)).map((demo) => `${name}: ${demo}`),
    );
  }
  expect(found).toEqual([]);
  // msw's worker, which public/ holds for the demo, is left out of the build and not served.
  await expect(access(`${DIST}mockServiceWorker.js`)).rejects.toThrow();
  expect((await page.request.get('/mockServiceWorker.js')).status()).toBe(404);

  // And the route is not there: the SPA's own "Page not found".
  await page.goto('/demo-sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
});
