/**
 * What every screen of the SPA is held to, in both projects: no axe violations at WCAG 2.2 AA
 * (target size included), one h1, the page landmarks, every control named; and a screenshot
 * of it kept with the results.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe on the page as it is now. `target-size` (WCAG 2.5.8, 24px) is off by default in
 * axe-core: it is switched on here. Violations are attached as JSON before the test fails.
 *
 * Legacy mode runs axe in the page itself, with the same rules. The default mode also opens a
 * blank page for every run, to merge results from frames of other origins (the SPA has no
 * frames at all); that page and the second copy of axe it loads took over half of each run.
 */
export async function expectNoAxeViolations(page: Page, testInfo: TestInfo, name: string) {
  const results = await new AxeBuilder({ page })
    .options({
      runOnly: { type: 'tag', values: AXE_TAGS },
      rules: { 'target-size': { enabled: true } },
    })
    .setLegacyMode(true)
    .analyze();
  const violations = results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => ({ target: node.target, summary: node.failureSummary })),
  }));
  if (violations.length > 0) {
    await testInfo.attach(`axe-${name}.json`, {
      body: JSON.stringify(violations, null, 2),
      contentType: 'application/json',
    });
  }
  expect(violations, `axe violations on ${name}`).toEqual([]);
}

/** Roles whose elements a user operates: each must have an accessible name. */
const CONTROL_ROLES = ['button', 'link', 'textbox', 'checkbox', 'radio', 'combobox', 'dialog'];

/**
 * The screen as a screen reader reads it (Playwright's ARIA snapshot of the body): one h1, the
 * banner, main and contentinfo landmarks once each, the "Account" navigation only when signed
 * in, and no control without a name.
 */
export async function expectScreenStructure(page: Page, { signedIn }: { signedIn: boolean }) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  await expect(page.getByRole('banner')).toHaveCount(1);
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('contentinfo')).toHaveCount(1);
  await expect(page.getByRole('navigation', { name: 'Account' })).toHaveCount(signedIn ? 1 : 0);
  await expect(page).toHaveTitle(/ - e-Referrals$/);

  const snapshot = await page.locator('body').ariaSnapshot();
  // An unnamed control is `- button` / `- link:` / `- textbox [disabled]`: no quoted name.
  const unnamed = snapshot
    .split('\n')
    .filter((line) =>
      CONTROL_ROLES.some((role) =>
        new RegExp(`^\\s*- ${role}(?:\\s*\\[[^\\]]*\\])?:?$`).test(line),
      ),
    );
  expect(unnamed, `controls without a name in:\n${snapshot}`).toEqual([]);
}

/** Saves a file under test-results/screens/<project>/ (kept after the run) and attaches it. */
export async function saveArtifact(
  testInfo: TestInfo,
  fileName: string,
  body: Buffer,
  contentType: string,
) {
  const dir = join(testInfo.project.outputDir, 'screens', testInfo.project.name);
  await mkdir(dir, { recursive: true });
  const path = join(dir, fileName);
  await writeFile(path, body);
  await testInfo.attach(fileName, { path, contentType });
}

/** A full-page screenshot, saved and attached. */
export async function saveScreen(page: Page, testInfo: TestInfo, name: string) {
  await saveArtifact(
    testInfo,
    `${name}.png`,
    await page.screenshot({ fullPage: true }),
    'image/png',
  );
}

/**
 * A full-page screenshot as saveScreen takes it and, on a tablet held upright (the ipad project),
 * a second one held sideways, `<name>-landscape.png`, turning it back after: every screen is seen
 * both ways for the cost of a screenshot, not of another test.
 */
export async function saveScreenEachWay(page: Page, testInfo: TestInfo, name: string) {
  await saveScreen(page, testInfo, name);
  const upright = page.viewportSize();
  if (testInfo.project.name !== 'ipad' || !upright || upright.height <= upright.width) return;
  await page.setViewportSize({ width: upright.height, height: upright.width });
  try {
    await saveScreen(page, testInfo, `${name}-landscape`);
  } finally {
    await page.setViewportSize(upright);
  }
}

/** All three: axe, structure, screenshot (both ways on the iPad). */
export async function checkScreen(
  page: Page,
  testInfo: TestInfo,
  name: string,
  { signedIn }: { signedIn: boolean },
) {
  await expectScreenStructure(page, { signedIn });
  await expectNoAxeViolations(page, testInfo, name);
  await saveScreenEachWay(page, testInfo, name);
}

/** The element with focus has a visible indicator: an outline or a box shadow. */
export async function expectVisibleFocus(page: Page, what: string) {
  const focus = await page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const rect = element.getBoundingClientRect();
    return {
      element: `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 40)}"`,
      outline:
        style.outlineStyle !== 'none' &&
        parseFloat(style.outlineWidth) > 0 &&
        style.outlineColor !== 'rgba(0, 0, 0, 0)',
      boxShadow: style.boxShadow !== 'none',
      onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0,
    };
  });
  expect(focus, `${what}: something has focus`).not.toBeNull();
  expect(focus?.outline || focus?.boxShadow, `${what}: ${focus?.element} shows focus`).toBe(true);
  expect(focus?.onScreen, `${what}: ${focus?.element} is on screen`).toBe(true);
}
