/**
 * The whole journey with the keyboard alone (only `page.keyboard`, never the mouse or a
 * locator's click/fill): sign in from the landing page, pick the persona on the CIS2
 * stand-in's page, find a referral by UBRN, sign out. At every step the focused control shows
 * a visible focus indicator, and the skip link comes first.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectVisibleFocus } from '../support/screens';
import { PRIYA_SHAH, findHeading } from '../support/sign-in';

/** What has focus: its tag, accessible text and id. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    return {
      tag: element?.tagName.toLowerCase() ?? '',
      text: (element?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      id: element?.id ?? '',
    };
  });
}

/**
 * Presses Tab until the focused element matches; fails after `limit` presses. Every stop on
 * the way must show where focus is.
 */
async function tabTo(
  page: Page,
  matches: (element: { tag: string; text: string; id: string }) => boolean,
  what: string,
  limit = 25,
) {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    const element = await focused(page);
    if (element.tag !== 'body') await expectVisibleFocus(page, `Tab towards ${what}`);
    if (matches(element)) return presses + 1;
  }
  throw new Error(`${what} not reached in ${String(limit)} presses of Tab`);
}

test('sign in, find a referral and sign out with the keyboard alone', async ({ page }) => {
  await page.goto('/');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Sign in to view e-Referrals' }),
  ).toBeVisible();

  // The skip link is the first stop, visible when focused, and goes to the main content.
  await page.keyboard.press('Tab');
  expect(await focused(page)).toMatchObject({ tag: 'a', text: 'Skip to main content' });
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeInViewport();
  await expectVisibleFocus(page, 'skip link');

  await tabTo(
    page,
    ({ text }) => text === 'Sign in with NHS Care Identity Service 2',
    'the sign-in link',
  );
  await page.keyboard.press('Enter');

  // The CIS2 stand-in's page: plain HTML forms, one button per test user.
  await expect(page.getByRole('heading', { name: 'Choose a test user' })).toBeVisible();
  await tabTo(
    page,
    ({ tag, text }) => tag === 'button' && text === `Sign in as ${PRIYA_SHAH.name}`,
    `the ${PRIYA_SHAH.name} button`,
    40,
  );
  await page.keyboard.press('Enter');

  // The worklists, where a provider starts: the skip link first again, then the header's
  // navigation on to "Find a referral" (focus then starts at its heading), then the UBRN field.
  await expect(page.getByRole('heading', { level: 1, name: 'Worklists' })).toBeVisible();
  await page.keyboard.press('Tab');
  expect(await focused(page)).toMatchObject({ text: 'Skip to main content' });
  await tabTo(page, ({ tag, text }) => tag === 'a' && text === 'Find a referral', 'the menu');
  await expectVisibleFocus(page, 'the menu link');
  await page.keyboard.press('Enter');
  await expect(findHeading(page)).toBeVisible();
  await tabTo(page, ({ id }) => id === 'ubrn', 'the UBRN field');
  await page.keyboard.type('0000 0007 0000');
  await page.keyboard.press('Enter');

  // The summary: focus starts at its heading, so Tab goes on from there; back up to the header.
  const heading = page.getByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' });
  await expect(heading).toBeVisible();
  await expect(heading).toBeFocused();
  await expect(page.locator('.nhsuk-summary-list').getByText('991 200 3888')).toBeVisible();
  await tabTo(page, ({ tag, text }) => tag === 'button' && text === 'Sign out', 'Sign out', 40);
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: 'You have signed out' })).toBeVisible();
});

test('an invalid UBRN with the keyboard: the error summary takes focus and leads to the field', async ({
  page,
}) => {
  await page.goto('/');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Sign in to view e-Referrals' }),
  ).toBeVisible();
  await tabTo(
    page,
    ({ text }) => text === 'Sign in with NHS Care Identity Service 2',
    'the sign-in link',
  );
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Choose a test user' })).toBeVisible();
  await tabTo(page, ({ text }) => text === `Sign in as ${PRIYA_SHAH.name}`, 'persona', 40);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Worklists' })).toBeVisible();
  await tabTo(page, ({ tag, text }) => tag === 'a' && text === 'Find a referral', 'the menu');
  await page.keyboard.press('Enter');
  await expect(findHeading(page)).toBeVisible();

  await tabTo(page, ({ id }) => id === 'ubrn', 'the UBRN field');
  await page.keyboard.type('12345');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('alert')).toContainText('UBRN must be 12 digits');
  await expect(page.locator('.nhsuk-error-summary')).toBeFocused();
  await tabTo(page, ({ text }) => text === 'UBRN must be 12 digits', 'the error link');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('UBRN')).toBeFocused();
  await expectVisibleFocus(page, 'the UBRN field after the error link');
});
