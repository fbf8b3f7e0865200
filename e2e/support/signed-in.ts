/**
 * A `test` whose browser context starts signed in as Dr Priya Shah, for tests about what a
 * signed-in user sees rather than about signing in. Each worker signs in through the CIS2
 * stand-in once and its tests share that session's cookie: a full sign-in per test would cost
 * more than most of these tests' own work. Tests that use it must leave the session as they
 * found it: no signing out, no change of role or of how the user is working.
 *
 * One session per worker rather than one per run: a worker runs one test at a time, so no two
 * tests ever use the session at once (and, say, refresh its APIM token together).
 */
import { test as base, expect, type BrowserContext } from '@playwright/test';
import { PRIYA_SHAH, findHeading, signInDirectly } from './sign-in';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

export const test = base.extend<object, { signedInState: StorageState }>({
  signedInState: [
    async ({ browser }, use, workerInfo) => {
      const context = await browser.newContext({ baseURL: workerInfo.project.use.baseURL });
      let state: StorageState;
      try {
        const page = await context.newPage();
        await signInDirectly(page, PRIYA_SHAH);
        await expect(findHeading(page)).toBeVisible();
        state = await context.storageState();
      } finally {
        await context.close();
      }
      await use(state);
    },
    // A timeout of its own: the sign-in is not charged to whichever test needs it first.
    { scope: 'worker', timeout: 30_000 },
  ],
  storageState: ({ signedInState }, use) => use(signedInState),
});
