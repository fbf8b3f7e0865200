/**
 * The NHS typography: Frutiger where the device has it, otherwise Arial, Helvetica, sans-serif;
 * never the browser's default serif. The font checked is the one Chromium actually drew the
 * text with (DevTools protocol `CSS.getPlatformFontsForNode`), not the declared list: a
 * `font-family` that is missing, misspelled or overridden still draws in whatever the platform
 * falls back to. On Debian, Arial and Helvetica resolve to Liberation Sans and the default serif
 * to Liberation Serif or DejaVu Serif (`fc-match`).
 *
 * Headings are checked against the design system's type scale (nhsuk-frontend 10.x,
 * core/settings/_typography.scss): h1 is size 48 and h2 size 36, each with a smaller mobile size
 * below the tablet breakpoint (641px).
 */
import { expect, test, type Page } from '@playwright/test';
import { test as signedInTest } from '../support/signed-in';

/** nhsuk-frontend's `tablet` breakpoint (core/settings/_breakpoints.scss). */
const TABLET_FROM = 641;

/** `$nhsuk-typography-scale`: font size and line height in px, mobile and from tablet. */
const HEADING_SCALE = {
  h1: { mobile: { fontSize: 32, lineHeight: 38 }, tablet: { fontSize: 48, lineHeight: 54 } },
  h2: { mobile: { fontSize: 27, lineHeight: 33 }, tablet: { fontSize: 36, lineHeight: 42 } },
} as const;

/** A serif face, but not "Microsoft Sans Serif" and the like. */
const SERIF = /(?<!sans[\s-]?)serif|times|georgia|cambria/i;

/** The fonts Chromium drew the text of the first element matching `selector` with. */
async function fontsUsed(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    expect(nodeId, `${selector} is on the page`).not.toBe(0);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map((font) => font.familyName);
  } finally {
    await cdp.detach();
  }
}

/** Body text and the h1 are drawn in a sans-serif face, and the headings have the NHS sizes. */
async function expectNhsTypography(page: Page, screen: string) {
  // Body text: the first paragraph, cell, list item, value or label in main with text of its own.
  await page.evaluate(() => {
    const text = Array.from(
      document.querySelectorAll<HTMLElement>('main p, main td, main li, main dd, main label'),
    ).find(
      (element) =>
        element.getClientRects().length > 0 &&
        Array.from(element.childNodes).some(
          (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '',
        ),
    );
    text?.setAttribute('data-body-text', '');
  });
  for (const selector of ['main h1', '[data-body-text]']) {
    const fonts = await fontsUsed(page, selector);
    expect(fonts.length, `${screen}: ${selector} drew some text`).toBeGreaterThan(0);
    for (const family of fonts) {
      expect(family, `${screen}: the font that drew ${selector}`).not.toMatch(SERIF);
    }
  }

  const width = page.viewportSize()?.width ?? 0;
  const headings = await page.evaluate(() =>
    // Headings in their own size only: a class such as nhsuk-heading-m deliberately chooses
    // another (a spacing class such as nhsuk-u-margin-bottom-3 does not).
    Array.from(
      document.querySelectorAll<HTMLElement>(
        'main h1:not([class*="nhsuk-heading-"]), main h2:not([class*="nhsuk-heading-"])',
      ),
    )
      .filter((element) => element.getClientRects().length > 0)
      .map((element) => {
        const style = getComputedStyle(element);
        return {
          level: element.tagName.toLowerCase() as 'h1' | 'h2',
          text: (element.textContent ?? '').trim(),
          // The design system writes line heights as rounded ratios (42 / 36 = 1.16667).
          fontSize: Math.round(parseFloat(style.fontSize) * 100) / 100,
          lineHeight: Math.round(parseFloat(style.lineHeight) * 100) / 100,
        };
      }),
  );
  expect(headings.some(({ level }) => level === 'h1')).toBe(true);
  for (const { level, text, fontSize, lineHeight } of headings) {
    const expected = HEADING_SCALE[level][width >= TABLET_FROM ? 'tablet' : 'mobile'];
    expect({ fontSize, lineHeight }, `${screen}: ${level} "${text}"`).toEqual(expected);
  }
  return headings;
}

test('the landing page is drawn in the NHS font stack, with the NHS heading sizes', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNhsTypography(page, 'landing');
});

signedInTest(
  'the signed-in screens are drawn in the NHS font stack, with the NHS heading sizes',
  async ({ page }) => {
    const screens = [
      { name: 'worklist', path: '/worklists' },
      { name: 'find a referral', path: '/referrals/find' },
      { name: 'referral summary', path: '/referrals/000000070000' },
    ];
    let h2s = 0;
    for (const { name, path } of screens) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const headings = await expectNhsTypography(page, name);
      h2s += headings.filter(({ level }) => level === 'h2').length;
    }
    // The h2 sizes were checked on at least one of them.
    expect(h2s).toBeGreaterThan(0);
  },
);
