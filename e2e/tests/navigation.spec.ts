/**
 * The header's way around, for a user with one CIS2 role (the shared sign-in as Dr Priya Shah,
 * service provider clinician at RCD): the places their role has (Worklists, Advice and Guidance,
 * Find a referral), the current one marked, no "Change role"; on the iPad in portrait and
 * landscape, every place on the bar and big enough to touch. Changing role (several CIS2 roles) is in sign-in.spec.ts; whom an SPC admin acts for, in
 * clinician-journey.spec.ts.
 */
import { expect, type Page } from '@playwright/test';
import { checkScreen, saveScreen } from '../support/screens';
import { findHeading } from '../support/sign-in';
import { test } from '../support/signed-in';

const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu' });
const account = (page: Page) => page.getByRole('navigation', { name: 'Account' });
const IPAD = { portrait: { width: 834, height: 1194 }, landscape: { width: 1194, height: 834 } };

test('the header offers the places the role has, marks the current one, and leads there', async ({
  page,
}, testInfo) => {
  await page.goto('/referrals/find');
  await expect(findHeading(page)).toBeVisible();
  await expect(menu(page).getByRole('link')).toHaveText([
    'Worklists',
    'Advice and Guidance',
    'Find a referral',
  ]);
  await expect(menu(page).getByRole('link', { name: 'Find a referral' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(menu(page).getByRole('link', { name: 'Worklists' })).not.toHaveAttribute(
    'aria-current',
  );
  // One CIS2 role: nothing to change to.
  await expect(account(page).getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(account(page).getByRole('link', { name: 'Change role' })).toHaveCount(0);
  await checkScreen(page, testInfo, 'header-navigation', { signedIn: true });

  await menu(page).getByRole('link', { name: 'Worklists' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Worklists' })).toBeVisible();
  await expect(page).toHaveURL(/\/worklists\/REFERRALS_FOR_REVIEW$/);
  await expect(menu(page).getByRole('link', { name: 'Worklists' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(menu(page).getByRole('link', { name: 'Find a referral' })).not.toHaveAttribute(
    'aria-current',
  );
});

test('on the iPad, in portrait and landscape, every place is on the bar and big enough to touch', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'ipad', 'the iPad project only');
  await page.goto('/referrals/find');
  await expect(findHeading(page)).toBeVisible();
  for (const [orientation, size] of Object.entries(IPAD)) {
    await page.setViewportSize(size);
    // Nothing collapsed into "More": the design system shows it only when places overflow.
    await expect(menu(page).getByRole('button', { name: /More/ })).toBeHidden();
    const links = menu(page).getByRole('link');
    await expect(links).toHaveText(['Worklists', 'Advice and Guidance', 'Find a referral']);
    for (const link of await links.all()) {
      const box = await link.boundingBox();
      expect(box?.height, `${orientation}: touch target height`).toBeGreaterThanOrEqual(44);
      expect(box && box.x + box.width, `${orientation}: on screen`).toBeLessThanOrEqual(size.width);
    }
    await saveScreen(page, testInfo, `header-navigation-${orientation}`);
  }
});

test('places that do not fit collapse into "More", as the design system does', async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one layout check: the desktop project');
  await page.goto('/referrals/find');
  await expect(findHeading(page)).toBeVisible();
  const more = menu(page).getByRole('button', { name: 'Browse More' });
  await expect(more).toBeHidden();

  // Narrower than the places (as on a small phone with large text): the last one moves.
  await page.setViewportSize({ width: 200, height: 700 });
  await expect(more).toBeVisible();
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  const findLink = menu(page).getByRole('link', { name: 'Find a referral' });
  await expect(findLink).toBeHidden();
  await more.click();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await expect(findLink).toBeVisible();
  await saveScreen(page, testInfo, 'header-navigation-more');
  await page.keyboard.press('Escape');
  await expect(more).toHaveAttribute('aria-expanded', 'false');

  // Room again: back on the bar, and no "More".
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(more).toBeHidden();
  await expect(menu(page).getByRole('link')).toHaveText([
    'Worklists',
    'Advice and Guidance',
    'Find a referral',
  ]);
});
