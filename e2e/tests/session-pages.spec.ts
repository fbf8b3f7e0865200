/**
 * The pages a session ends on, opened directly (they need no session): each reason's wording,
 * the way back in, and a screenshot of each for review.
 */
import { expect, test } from '@playwright/test';
import { attachScreenshot } from '../support/sign-in';

const RETURN_TO = '%2Freferrals%2F000000070000';

const REASONS = [
  ['idle', 'You were signed out because you were inactive'],
  ['absolute', 'Your session has reached its time limit'],
  ['replaced', 'You signed in somewhere else'],
  ['signed_out_elsewhere', 'You have been signed out'],
  ['restarted', 'Your session ended because the service restarted'],
] as const;

for (const [reason, heading] of REASONS) {
  test(`session ended (${reason}) explains why and signs in again to the same page`, async ({
    page,
  }, testInfo) => {
    await page.goto(`/session-ended?reason=${reason}&returnTo=${RETURN_TO}`);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page).toHaveTitle(`${heading} - e-Referrals`);
    await attachScreenshot(page, testInfo, `session-ended-${reason}`);

    await page.getByRole('link', { name: 'Sign in again' }).click();
    await expect(page).toHaveURL(`/?returnTo=${RETURN_TO}`);
    await expect(
      page.getByRole('link', { name: 'Sign in with NHS Care Identity Service 2' }),
    ).toHaveAttribute('href', `/bff/login?returnTo=${RETURN_TO}`);
  });
}

test('session conflict page offers a new session here or cancel', async ({ page }, testInfo) => {
  await page.goto(`/session-conflict?returnTo=${RETURN_TO}`);
  await expect(
    page.getByRole('heading', { level: 1, name: 'You are already signed in somewhere else' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start a new session here' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Cancel' })).toHaveAttribute('href', '/signed-out');
  await attachScreenshot(page, testInfo, 'session-conflict');
});

test('session conflict page without a sign-in waiting offers to sign in again', async ({
  page,
}, testInfo) => {
  // No sign-in is parked for this browser: the BFF answers the takeover with 401.
  await page.goto(`/session-conflict?returnTo=${RETURN_TO}`);
  await page.getByRole('button', { name: 'Start a new session here' }).click();
  await expect(page.getByRole('alert')).toContainText('it has expired');
  await expect(page.getByRole('link', { name: 'Sign in again' })).toHaveAttribute(
    'href',
    `/?returnTo=${RETURN_TO}`,
  );
  await expect(page.getByRole('button', { name: 'Start a new session here' })).toHaveCount(0);
  await attachScreenshot(page, testInfo, 'session-conflict-expired');
});
