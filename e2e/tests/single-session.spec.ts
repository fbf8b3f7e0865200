/**
 * The one-session-per-user policy, against the second local environment started with
 * SESSION_CONCURRENCY=single (see playwright.config.ts). Each project signs in its own user, so
 * the desktop and iPad runs of this file never take each other's sessions over.
 *
 * Its tests sign the same user in, so they run one after the other, and each ends the sessions
 * it leaves: a session left over would make the next test's first sign-in a conflict too.
 */
import {
  expect,
  test as base,
  type BrowserContext,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { E2E_SINGLE_SESSION_PORTS } from '../playwright.config';
import {
  ALEX_MORGAN,
  PRIYA_SHAH,
  attachScreenshot,
  findHeading,
  signInDirectly,
  type TestUser,
} from '../support/sign-in';

const BASE_URL = `http://localhost:${E2E_SINGLE_SESSION_PORTS.bff}`;

async function signOut(context: BrowserContext) {
  await context.request.post('/bff/logout', { headers: { 'X-CSRF': '1' } });
}

const userFor = (testInfo: TestInfo) =>
  testInfo.project.name === 'desktop' ? PRIYA_SHAH : ALEX_MORGAN;

const test = base.extend<{ first: Page; second: Page }>({
  /** The first browser: signed in, on the find page, its clock ours to move. */
  first: async ({ page }, use, testInfo) => {
    await page.clock.install();
    await signInDirectly(page, userFor(testInfo), { baseURL: BASE_URL });
    await expect(findHeading(page)).toBeVisible();
    await use(page);
    await signOut(page.context());
  },
  /** A second browser, like the first (the project's device), not signed in yet. */
  second: async ({ browser }, use, testInfo) => {
    const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = testInfo.project.use;
    const context = await browser.newContext({
      baseURL: BASE_URL,
      ...(viewport !== undefined ? { viewport } : {}),
      ...(userAgent !== undefined ? { userAgent } : {}),
      ...(deviceScaleFactor !== undefined ? { deviceScaleFactor } : {}),
      ...(isMobile !== undefined ? { isMobile } : {}),
      ...(hasTouch !== undefined ? { hasTouch } : {}),
    });
    try {
      await use(await context.newPage());
      await signOut(context);
    } finally {
      await context.close();
    }
  },
});

test.use({ baseURL: BASE_URL });
// Each test is two whole sign-ins in two browsers: the policy cannot be shown with fewer. On a
// busy 2-core machine that took 15-17 s, over half the suite's 30 s, so these tests get twice
// the suite's timeout rather than running within reach of it.
test.describe.configure({ mode: 'default', timeout: 60_000 });

/** Signs the second browser in as the same person: it is offered the conflict page. */
async function secondSignIn(second: Page, user: TestUser) {
  await signInDirectly(second, user, { baseURL: BASE_URL });
  await expect(second).toHaveURL(`${BASE_URL}/session-conflict?returnTo=%2Freferrals%2Ffind`);
  await expect(
    second.getByRole('heading', { level: 1, name: 'You are already signed in somewhere else' }),
  ).toBeVisible();
}

test('a second sign-in offers to end the first session; Cancel leaves it alone', async ({
  first,
  second,
}, testInfo) => {
  const user = userFor(testInfo);
  await secondSignIn(second, user);
  await expect(second.getByRole('link', { name: 'Cancel' })).toHaveAttribute('href', '/signed-out');
  await attachScreenshot(second, testInfo, 'session-conflict');

  await second.getByRole('link', { name: 'Cancel' }).click();
  await expect(
    second.getByRole('heading', { level: 1, name: 'You have signed out' }),
  ).toBeVisible();
  await first.reload();
  await expect(findHeading(first)).toBeVisible();
});

test('a second sign-in takes over; the first session then learns it was replaced', async ({
  first,
  second,
}, testInfo) => {
  const user = userFor(testInfo);
  await secondSignIn(second, user);
  await second.getByRole('button', { name: 'Start a new session here' }).click();
  await expect(findHeading(second)).toBeVisible();
  await expect(second.getByRole('navigation', { name: 'Account' })).toContainText(user.name);

  // The first browser's next poll (once a minute) finds its session replaced.
  await first.clock.fastForward('01:05');
  await expect(first).toHaveURL(
    `${BASE_URL}/session-ended?reason=replaced&returnTo=%2Freferrals%2Ffind`,
  );
  await expect(
    first.getByRole('heading', { level: 1, name: 'You signed in somewhere else' }),
  ).toBeVisible();
  await attachScreenshot(first, testInfo, 'session-ended-replaced');

  // The second browser carries on.
  await second.reload();
  await expect(findHeading(second)).toBeVisible();
});
