/**
 * The iPad (the `iPad Pro 11` descriptor on Chromium): touch targets of at least 44px, nothing
 * that only appears on hover, the find and summary pages in portrait and landscape, and no
 * patient data left in the browser's storage after viewing a referral.
 */
import { expect, test, type Page } from '@playwright/test';
import { saveScreen } from '../support/screens';
import { test as signedInTest } from '../support/signed-in';
import { PRIYA_SHAH, findHeading, openKnownReferral, signInDirectly } from '../support/sign-in';

/** The referral's NHS number (9912003888), as the summary shows it and as the API sends it. */
const PATIENT_DATA = ['9912003888', '991 200 3888'];

/** Every button, link and text field in the main content and the header's account area. */
async function touchTargets(page: Page) {
  return page.evaluate(() =>
    Array.from(
      document.querySelectorAll<HTMLElement>(
        'main a[href], main button, main input, .nhsuk-header__account a, .nhsuk-header__account button',
      ),
    )
      .filter((element) => element.getClientRects().length > 0)
      .map((element) => {
        const { width, height } = element.getBoundingClientRect();
        return {
          target: `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim() || element.id}"`,
          width: Math.round(width),
          height: Math.round(height),
        };
      }),
  );
}

async function expectTouchTargets(page: Page) {
  const targets = await touchTargets(page);
  expect(targets.length).toBeGreaterThan(0);
  const small = targets.filter(({ width, height }) => width < 44 || height < 44);
  expect(small, 'controls smaller than 44 x 44 px').toEqual([]);
}

/**
 * CSS rules that show, hide or fade an element only on :hover: a touch screen has no hover, so
 * such a control could never be reached. (Decoration drawn on hover, in ::before or ::after, is
 * not a control.)
 */
async function hoverOnlyRules(page: Page) {
  return page.evaluate(() => {
    const found: string[] = [];
    const visit = (rules: CSSRuleList) => {
      for (const rule of Array.from(rules)) {
        if (
          rule instanceof CSSStyleRule &&
          rule.selectorText.includes(':hover') &&
          !/::(before|after)/.test(rule.selectorText)
        ) {
          const { display, visibility, opacity } = rule.style;
          if (display || visibility || opacity) found.push(rule.cssText);
        }
        if ('cssRules' in rule && rule.cssRules) visit(rule.cssRules as CSSRuleList);
      }
    };
    for (const sheet of Array.from(document.styleSheets)) visit(sheet.cssRules);
    return found;
  });
}

/** The page fits the viewport's width: nothing to scroll sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

// The iPad project only: playwright.config.ts keeps this file out of the desktop project.

for (const orientation of ['portrait', 'landscape'] as const) {
  // A shared sign-in (support/signed-in.ts): these tests are about the signed-in pages.
  signedInTest(
    `find and summary pages in ${orientation}, with 44px touch targets`,
    async ({ page }, testInfo) => {
      // The project's viewport is the iPad held upright; landscape turns it.
      const upright = page.viewportSize();
      if (!upright) throw new Error('the iPad project has a viewport');
      expect(upright.height).toBeGreaterThan(upright.width);
      if (orientation === 'landscape') {
        await page.setViewportSize({ width: upright.height, height: upright.width });
      }

      await page.goto('/referrals/find');
      await expect(findHeading(page)).toBeVisible();
      if (orientation === 'portrait') {
        expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
        expect(await hoverOnlyRules(page)).toEqual([]);
      }
      await expectTouchTargets(page);
      await expectNoSidewaysScroll(page);
      await saveScreen(page, testInfo, `find-referral-${orientation}`);

      // The error state too: the error summary's link is a target as well.
      await page.getByRole('button', { name: 'Find referral' }).click();
      await expect(page.getByRole('alert')).toBeVisible();
      await expectTouchTargets(page);

      await openKnownReferral(page);
      await expect(page.locator('.nhsuk-summary-list')).toBeVisible();
      await expectTouchTargets(page);
      await expectNoSidewaysScroll(page);
      await saveScreen(page, testInfo, `referral-summary-${orientation}`);
    },
  );
}

test('pages without a session have 44px touch targets too', async ({ page }) => {
  for (const path of ['/', '/signed-out', '/session-ended?reason=idle', '/session-conflict']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectTouchTargets(page);
  }
});

test('no patient data is kept in the browser after viewing a referral', async ({ page }) => {
  await signInDirectly(page, PRIYA_SHAH);
  await expect(findHeading(page)).toBeVisible();
  await openKnownReferral(page);

  const stored = await page.evaluate(async () => {
    const databases = 'databases' in indexedDB ? await indexedDB.databases() : [];
    const cacheNames = 'caches' in window ? await caches.keys() : [];
    return {
      localStorage: { ...localStorage },
      sessionStorage: { ...sessionStorage },
      indexedDB: databases.map((database) => database.name),
      cacheStorage: cacheNames,
    };
  });
  // Nothing at all is stored: patient data lives only in the in-memory query cache.
  expect(stored).toEqual({ localStorage: {}, sessionStorage: {}, indexedDB: [], cacheStorage: [] });
  const text = JSON.stringify(stored);
  for (const value of PATIENT_DATA) expect(text).not.toContain(value);
});
