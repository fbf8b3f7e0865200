/**
 * Signing in through the SPA and the local CIS2 stand-in, as a clinician would, and the test
 * users the suites sign in as (see bff/standins/personas.ts; repeated here on purpose, so the
 * tests state what they expect rather than read it from the code under test).
 */
import { expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { saveScreenEachWay } from './screens';

/** The BFF's session cookie. */
export const SESSION_COOKIE = '__Host-Http-ers-session';

export type TestUser = {
  uid: string;
  /** "title given family", as the stand-in's "Sign in as …" button says it. */
  name: string;
};

export const PRIYA_SHAH: TestUser = { uid: '555032006106', name: 'Dr Priya Shah' };
export const ALEX_MORGAN: TestUser = { uid: '656005750109', name: 'Ms Alex Morgan' };
export const JAMES_OKAFOR: TestUser = { uid: '555073103100', name: 'Dr James Okafor' };
export const SAM_TAYLOR: TestUser = { uid: '656005750110', name: 'Mr Sam Taylor' };
export const JO_EVANS: TestUser = { uid: '555031999105', name: 'Ms Jo Evans' };
export const CHRIS_NOROLES: TestUser = { uid: '555000000003', name: 'Mr Chris Noroles' };

/**
 * From the landing page (at `baseURL` when given) through the stand-in's persona page. Ends
 * wherever the BFF sends the browser next: the page asked for, a role picker, a refusal.
 */
export async function signIn(page: Page, user: TestUser, { baseURL = '' } = {}): Promise<void> {
  await page.goto(`${baseURL}/`);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Sign in to view e-Referrals' }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Sign in with NHS Care Identity Service 2' }).click();
  await choosePersona(page, user);
}

/**
 * As signIn, but opening the landing page's link (/bff/login, back to the find page) without
 * loading the landing page first: for tests about what follows sign-in, which otherwise pay a
 * full SPA load for a page they are not about (some sign in twice, and came close to their
 * timeout). The landing page and its link are covered by sign-in.spec.ts, the walking skeleton,
 * keyboard.spec.ts and accessibility.spec.ts.
 */
export async function signInDirectly(
  page: Page,
  user: TestUser,
  { baseURL = '' } = {},
): Promise<void> {
  await page.goto(`${baseURL}/bff/login?returnTo=%2Freferrals%2Ffind`);
  await choosePersona(page, user);
}

async function choosePersona(page: Page, user: TestUser) {
  await expect(page.getByRole('heading', { name: 'Choose a test user' })).toBeVisible();
  await page.getByRole('button', { name: `Sign in as ${user.name}` }).click();
}

export const findHeading = (page: Page) =>
  page.getByRole('heading', { level: 1, name: 'Find a referral' });

export async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
}

/** Looks up 0000 0007 0000 on the find page and waits for its summary. */
export async function openKnownReferral(page: Page): Promise<void> {
  await page.getByLabel('UBRN').fill('0000 0007 0000');
  await page.getByRole('button', { name: 'Find referral' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' }),
  ).toBeVisible();
  await expect(page.locator('.nhsuk-summary-list').getByText('991 200 3888')).toBeVisible();
}

/**
 * Keeps a screenshot of the page with the test's results, and under test-results/screens/ with
 * every other screen, where a reviewer reads them.
 */
export async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  await saveScreenEachWay(page, testInfo, name);
}
