/**
 * The session timeout warnings in the browser itself (native <dialog>, inert page, Escape),
 * driven by Playwright's clock: the idle warning 2 minutes before the idle deadline ("Stay
 * signed in" slides the session), and the time-limit warning, which nothing extends. What a
 * warning looks like, where focus goes and what its buttons do are separate tests: each signs
 * in, and together they ran close to the test timeout on a busy machine.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { checkScreen, expectVisibleFocus, saveScreen } from '../support/screens';
import { SessionClock } from '../support/session-clock';
import { PRIYA_SHAH, findHeading, signInDirectly } from '../support/sign-in';

const IDLE_WARNING = 'You’re about to be signed out';
const LIMIT_WARNING = 'Your session will end soon';

const dialog = (page: Page, name: string) => page.getByRole('dialog', { name });

/** Signed in on the find page, the page's clock ours to move. */
async function signedIn(page: Page, options: { limitIn?: number } = {}) {
  await page.clock.install();
  const clock = await SessionClock.install(page, options);
  await signInDirectly(page, PRIYA_SHAH);
  await expect(findHeading(page)).toBeVisible();
  return clock;
}

/** Signed in, focus in the UBRN field, the page's clock 1 minute 55 seconds before idling out. */
async function openIdleWarning(page: Page) {
  const clock = await signedIn(page);
  await page.getByLabel('UBRN').focus();
  const { idle } = await clock.deadlines();
  await clock.jumpTo(idle, 115_000);
  const warning = dialog(page, IDLE_WARNING);
  await expect(warning).toBeVisible();
  return warning;
}

/** Signed in with a time limit 10 minutes away, the page's clock 4 and a half minutes before it. */
async function openLimitWarning(page: Page) {
  const clock = await signedIn(page, { limitIn: 10 * 60_000 });
  await page.reload();
  await expect(findHeading(page)).toBeVisible();
  const { limit } = await clock.deadlines();
  await clock.jumpTo(limit, 270_000);
  const warning = dialog(page, LIMIT_WARNING);
  await expect(warning).toBeVisible();
  return { clock, limit, warning };
}

test('the idle warning: a modal dialog, named and described, with a live region; accessible', async ({
  page,
}, testInfo) => {
  const warning = await openIdleWarning(page);
  // What a screen reader is given: a modal dialog (shown with showModal(), so the page behind
  // is inert), named by its heading, described by its text, with a live region.
  await expect(warning).toMatchAriaSnapshot(`
    - dialog "${IDLE_WARNING}":
      - heading "${IDLE_WARNING}" [level=2]
      - paragraph:
        - text: For your security, we will sign you out in
        - strong: /1 minute \\d+ seconds?/
      - paragraph: You have not used e-Referrals for a while. If you are still using it, select Stay signed in.
      - status
      - button "Stay signed in"
      - button "Sign out"
  `);
  expect(
    await warning.evaluate((element) => (element as HTMLDialogElement).matches(':modal')),
  ).toBe(true);
  await checkScreen(page, testInfo, 'session-warning-idle', { signedIn: true });
});

/** The dialog's box: inside the viewport, and centred in it to within 2px each way. */
async function expectCentred(page: Page, warning: Locator, where: string) {
  const viewport = page.viewportSize();
  const box = await warning.boundingBox();
  if (!viewport || !box) throw new Error(`${where}: no viewport or no dialog box`);
  expect(box.x, `${where}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.y, `${where}: top edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${where}: right edge`).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height, `${where}: bottom edge`).toBeLessThanOrEqual(viewport.height);
  const left = box.x;
  const right = viewport.width - (box.x + box.width);
  const top = box.y;
  const bottom = viewport.height - (box.y + box.height);
  expect(
    Math.abs(left - right),
    `${where}: space left ${left}, right ${right}`,
  ).toBeLessThanOrEqual(2);
  expect(
    Math.abs(top - bottom),
    `${where}: space above ${top}, below ${bottom}`,
  ).toBeLessThanOrEqual(2);
}

test('the idle warning sits in the middle of the screen, whole', async ({ page }, testInfo) => {
  const warning = await openIdleWarning(page);
  await expectCentred(page, warning, testInfo.project.name);
  if (testInfo.project.name === 'ipad') {
    // The iPad Pro 11 descriptor is portrait; turned to landscape the dialog moves with it.
    await page.setViewportSize({ width: 1194, height: 834 });
    await expectCentred(page, warning, 'ipad landscape');
    await saveScreen(page, testInfo, 'session-warning-idle-landscape');
  }
});

test('the idle warning takes focus, shows it, and keeps it inside', async ({ page }) => {
  const warning = await openIdleWarning(page);
  await expect(warning.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
  await expectVisibleFocus(page, 'the warning opens');

  // Tab and Shift+Tab stay in the dialog: the page behind is out of reach.
  for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    expect(await warning.evaluate((element) => element.contains(document.activeElement))).toBe(
      true,
    );
    await expectVisibleFocus(page, `after ${key}`);
  }
});

test('the idle warning: announced as it counts down; Escape stays signed in and focus comes back', async ({
  page,
}) => {
  const warning = await openIdleWarning(page);

  // The countdown runs every second; the live region speaks once a 30-second point has passed.
  await page.clock.fastForward(30_000);
  await expect(warning.getByRole('status')).toHaveText(
    /^You will be signed out in 1 minute \d+ seconds?\.$/,
  );

  // Escape: a sliding /bff/user, the dialog closes, and focus is back where it was.
  const slide = page.waitForRequest(
    (request) =>
      new URL(request.url()).pathname === '/bff/user' && !request.url().includes('slide'),
  );
  await page.keyboard.press('Escape');
  await slide;
  await expect(warning).toHaveCount(0);
  await expect(page.getByLabel('UBRN')).toBeFocused();

  // The session really moved on: a minute later there is no warning and no sign-out.
  await page.clock.fastForward(60_000);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(findHeading(page)).toBeVisible();
});

test('the idle warning: Stay signed in keeps the session, Sign out signs out', async ({ page }) => {
  const clock = await signedIn(page);
  const { idle } = await clock.deadlines();
  await clock.jumpTo(idle, 100_000);

  await dialog(page, IDLE_WARNING).getByRole('button', { name: 'Stay signed in' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Two minutes before the new deadline it comes back; this time the user signs out.
  const next = await clock.deadlines();
  expect(next.idle).toBeGreaterThan(idle);
  await clock.jumpTo(next.idle, 90_000);
  await dialog(page, IDLE_WARNING).getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'You have signed out' })).toBeVisible();
  const user = await page.request.get('/bff/user', { headers: { 'X-CSRF': '1' } });
  expect(user.status()).toBe(401);
});

test('the time-limit warning says when the session ends and that it cannot be extended', async ({
  page,
}, testInfo) => {
  const { warning } = await openLimitWarning(page);
  await expect(warning.getByRole('button', { name: 'Continue' })).toBeFocused();
  await expect(warning).toMatchAriaSnapshot(`
    - dialog "${LIMIT_WARNING}":
      - heading "${LIMIT_WARNING}" [level=2]
      - paragraph: For security, you can only stay signed in to e-Referrals for a set time, even while you are using it.
      - paragraph:
        - text: /Your session will end at (\\d{1,2}(:\\d{2})?(am|pm)|midday|midnight), in/
        - strong: /4 minutes \\d+ seconds?/
        - text: /It cannot be extended/
      - status
      - button "Continue"
      - button "Sign out now"
  `);
  await checkScreen(page, testInfo, 'session-warning-limit', { signedIn: true });
});

test('the time-limit warning: Continue closes it, and at the limit the session ends', async ({
  page,
}) => {
  const { clock, limit, warning } = await openLimitWarning(page);
  await expect(warning.getByRole('button', { name: 'Continue' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.clock.fastForward(60_000);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // At the limit the session ends and the page says why.
  await clock.jumpTo(limit, -1_000);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Your session has reached its time limit' }),
  ).toBeVisible();
});
