/**
 * The one-session-per-user policy, against the second local environment started with
 * SESSION_CONCURRENCY=single (see playwright.config.ts). Each project signs in its own user, so
 * the desktop and iPad runs of this file never take each other's sessions over.
 */
import { expect, test } from '@playwright/test';
import { E2E_SINGLE_SESSION_PORTS } from '../playwright.config';
import { ALEX_MORGAN, PRIYA_SHAH, attachScreenshot, findHeading, signIn } from '../support/sign-in';

const BASE_URL = `http://localhost:${E2E_SINGLE_SESSION_PORTS.bff}`;

test.use({ baseURL: BASE_URL });

test('a second sign-in offers to end the first session, which then learns it was replaced', async ({
  page,
  browser,
}, testInfo) => {
  const user = testInfo.project.name === 'desktop' ? PRIYA_SHAH : ALEX_MORGAN;
  const { viewport, userAgent, deviceScaleFactor, isMobile, hasTouch } = testInfo.project.use;

  // The first browser: signed in, on the find page, its clock ours to move.
  await page.clock.install();
  await signIn(page, user, { baseURL: BASE_URL });
  await expect(findHeading(page)).toBeVisible();

  // A second browser signs in as the same person.
  const secondBrowser = await browser.newContext({
    baseURL: BASE_URL,
    ...(viewport !== undefined ? { viewport } : {}),
    ...(userAgent !== undefined ? { userAgent } : {}),
    ...(deviceScaleFactor !== undefined ? { deviceScaleFactor } : {}),
    ...(isMobile !== undefined ? { isMobile } : {}),
    ...(hasTouch !== undefined ? { hasTouch } : {}),
  });
  try {
    const second = await secondBrowser.newPage();
    await signIn(second, user, { baseURL: BASE_URL });

    await expect(second).toHaveURL(`${BASE_URL}/session-conflict?returnTo=%2Freferrals%2Ffind`);
    await expect(
      second.getByRole('heading', { level: 1, name: 'You are already signed in somewhere else' }),
    ).toBeVisible();
    await expect(second.getByRole('link', { name: 'Cancel' })).toHaveAttribute(
      'href',
      '/signed-out',
    );
    await attachScreenshot(second, testInfo, 'session-conflict');

    // Cancel leaves the first session alone.
    await second.getByRole('link', { name: 'Cancel' }).click();
    await expect(
      second.getByRole('heading', { level: 1, name: 'You have signed out' }),
    ).toBeVisible();
    await page.reload();
    await expect(findHeading(page)).toBeVisible();

    // Asked again, the second browser takes over.
    await signIn(second, user, { baseURL: BASE_URL });
    await expect(second).toHaveURL(`${BASE_URL}/session-conflict?returnTo=%2Freferrals%2Ffind`);
    await second.getByRole('button', { name: 'Start a new session here' }).click();
    await expect(findHeading(second)).toBeVisible();
    await expect(second.getByRole('navigation', { name: 'Account' })).toContainText(user.name);

    // The first browser's next poll (once a minute) finds its session replaced.
    await page.clock.fastForward('01:05');
    await expect(page).toHaveURL(
      `${BASE_URL}/session-ended?reason=replaced&returnTo=%2Freferrals%2Ffind`,
    );
    await expect(
      page.getByRole('heading', { level: 1, name: 'You signed in somewhere else' }),
    ).toBeVisible();
    await attachScreenshot(page, testInfo, 'session-ended-replaced');

    // The second browser carries on.
    await second.reload();
    await expect(findHeading(second)).toBeVisible();
  } finally {
    await secondBrowser.close();
  }
});
