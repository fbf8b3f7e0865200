/**
 * Every screen of the SPA, in both projects: axe at WCAG 2.2 AA (target size included) with no
 * violations, the structure a screen reader reads (one h1, landmarks, named controls: from
 * Playwright's ARIA snapshot, which replaces the removed `page.accessibility.snapshot()`), and
 * a screenshot. For the main screens, the reading order itself is pinned with
 * `toMatchAriaSnapshot`, errors included (the error summary is a role="alert" live region).
 * The CIS2 stand-in's pages are not the SPA's and are left out. The timeout warnings, their
 * dialog and live region are checked in session-warning.spec.ts.
 *
 * One screen per test: axe, the snapshots and a full-page screenshot take seconds per screen on
 * a busy machine, and five signed-in screens in one test ran past its 30-second timeout. The
 * signed-in screens share one sign-in per worker (support/signed-in.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { checkScreen } from '../support/screens';
import { test as signedInTest } from '../support/signed-in';
import { PRIYA_SHAH, findHeading, openKnownReferral } from '../support/sign-in';

const RETURN_TO = '%2Freferrals%2F000000070000';

/** What a screen reader meets, in order (a template: unlisted nodes may come between). */
const READING_ORDER = {
  landing: `
    - link "Skip to main content"
    - banner:
      - link "NHS e-Referrals homepage"
    - main:
      - heading "Sign in to view e-Referrals" [level=1]
      - paragraph
      - link "Sign in with NHS Care Identity Service 2"
    - contentinfo
  `,
  findReferral: `
    - link "Skip to main content"
    - banner:
      - link "NHS e-Referrals homepage"
      - navigation "Account":
        - list:
          - listitem: ${PRIYA_SHAH.name}
          - listitem:
            - button "Sign out"
      - navigation "Menu":
        - list:
          - listitem:
            - link "Worklists"
          - listitem:
            - link "Find a referral"
    - paragraph: /^CONFIDENTIAL[:] personal information about patients accessed by ${PRIYA_SHAH.name}/
    - main:
      - heading "Find a referral" [level=1]
      - text: /^UBRN/
      - textbox "UBRN"
      - button "Find referral"
    - contentinfo
  `,
  // The error summary comes first in main, as a live region, before the form it is about.
  findReferralError: `
    - main:
      - heading "Find a referral" [level=1]
      - alert:
        - heading "There is a problem" [level=2]
        - list:
          - listitem:
            - link "UBRN must be 12 digits"
      - text: /^UBRN/
      - textbox "UBRN"
      - button "Find referral"
  `,
  referralSummary: `
    - main:
      - heading "Referral 0000 0007 0000" [level=1]
      - term: UBRN
      - definition: 0000 0007 0000
      - term: NHS number
      - definition: 991 200 3888
      - paragraph:
        - link "Find another referral"
  `,
  // What was searched, the search again filled in with it, then the ids for support, folded.
  referralNotFound: `
    - main:
      - heading "Referral not found" [level=1]
      - paragraph: /^No referral found for UBRN 9999 9999 9999/
      - heading "Search again" [level=2]
      - textbox "UBRN": 9999 9999 9999
      - button "Find referral"
      - group: Information for support
  `,
};

/** Pages that need no session: [name, path, h1]. */
const PUBLIC_SCREENS: Array<[string, string, string]> = [
  ['landing', '/', 'Sign in to view e-Referrals'],
  ['signed-out', '/signed-out', 'You have signed out'],
  ['not-found', '/no-such-page', 'Page not found'],
  [
    'session-ended-idle',
    `/session-ended?reason=idle&returnTo=${RETURN_TO}`,
    'You were signed out because you were inactive',
  ],
  [
    'session-ended-absolute',
    `/session-ended?reason=absolute&returnTo=${RETURN_TO}`,
    'Your session has reached its time limit',
  ],
  [
    'session-ended-replaced',
    `/session-ended?reason=replaced&returnTo=${RETURN_TO}`,
    'You signed in somewhere else',
  ],
  [
    'session-ended-signed-out-elsewhere',
    `/session-ended?reason=signed_out_elsewhere&returnTo=${RETURN_TO}`,
    'You have been signed out',
  ],
  [
    'sign-in-problem-invalid-callback',
    '/sign-in-problem?reason=invalid_callback',
    'Your sign-in did not finish',
  ],
  [
    'sign-in-problem-cis2-unavailable',
    '/sign-in-problem?reason=cis2_unavailable',
    'NHS Care Identity Service 2 is not available',
  ],
  [
    'sign-in-problem-low-authentication-assurance',
    '/sign-in-problem?reason=low_authentication_assurance',
    'Use a different way to sign in',
  ],
];

test.describe('pages without a session', () => {
  for (const [name, path, heading] of PUBLIC_SCREENS) {
    test(`${name} is accessible`, async ({ page }, testInfo) => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await checkScreen(page, testInfo, name, { signedIn: false });
      if (name === 'landing') {
        await expect(page.locator('body')).toMatchAriaSnapshot(READING_ORDER.landing);
      }
    });
  }

  const openSessionConflict = async (page: Page) => {
    await page.goto(`/session-conflict?returnTo=${RETURN_TO}`);
    await expect(
      page.getByRole('heading', { level: 1, name: 'You are already signed in somewhere else' }),
    ).toBeVisible();
  };

  test('session-conflict is accessible', async ({ page }, testInfo) => {
    await openSessionConflict(page);
    await checkScreen(page, testInfo, 'session-conflict', { signedIn: false });
  });

  test('session-conflict-expired (the parked sign-in expired) is accessible', async ({
    page,
  }, testInfo) => {
    await openSessionConflict(page);
    await page.getByRole('button', { name: 'Start a new session here' }).click();
    // The problem is announced (role alert) and focused, as the NHS error summary is.
    await expect(page.getByRole('alert')).toContainText('There is a problem');
    await expect(page.locator('.nhsuk-error-summary')).toBeFocused();
    await checkScreen(page, testInfo, 'session-conflict-expired', { signedIn: false });
  });
});

signedInTest.describe('signed-in pages', () => {
  signedInTest('find-referral is accessible', async ({ page }, testInfo) => {
    await page.goto('/referrals/find');
    await expect(findHeading(page)).toBeVisible();
    await checkScreen(page, testInfo, 'find-referral', { signedIn: true });
    await expect(page.locator('body')).toMatchAriaSnapshot(READING_ORDER.findReferral);
    await expect(page.getByRole('textbox', { name: 'UBRN' })).toHaveAccessibleDescription(
      'The 12-digit unique booking reference number, for example 0000 0007 0000',
    );
  });

  signedInTest(
    'find-referral-error (an invalid UBRN entered) is accessible',
    async ({ page }, testInfo) => {
      await page.goto('/referrals/find');
      await expect(findHeading(page)).toBeVisible();
      const ubrn = page.getByRole('textbox', { name: 'UBRN' });
      await ubrn.fill('12345');
      await page.getByRole('button', { name: 'Find referral' }).click();
      await expect(page.getByRole('alert')).toContainText('UBRN must be 12 digits');
      await expect(page).toHaveTitle('Error: Find a referral - e-Referrals');
      await expect(page.getByRole('main')).toMatchAriaSnapshot(READING_ORDER.findReferralError);
      await expect(ubrn).toHaveAccessibleDescription(/UBRN must be 12 digits/);
      await expect(ubrn).toHaveAttribute('aria-invalid', 'true');
      await checkScreen(page, testInfo, 'find-referral-error', { signedIn: true });
    },
  );

  signedInTest('referral-summary is accessible', async ({ page }, testInfo) => {
    await page.goto('/referrals/find');
    await expect(findHeading(page)).toBeVisible();
    await openKnownReferral(page);
    await expect(page.getByRole('main')).toMatchAriaSnapshot(READING_ORDER.referralSummary);
    await checkScreen(page, testInfo, 'referral-summary', { signedIn: true });
  });

  signedInTest('worklist is accessible', async ({ page }, testInfo) => {
    await page.goto('/worklists/REFERRALS_FOR_REVIEW');
    await expect(page.getByRole('heading', { level: 1, name: 'Worklists' })).toBeVisible();
    await expect(page.getByRole('table')).toBeVisible();
    await checkScreen(page, testInfo, 'worklist-for-review', { signedIn: true });
  });

  signedInTest(
    'referral-from-worklist (with its way back to the list) is accessible',
    async ({ page }, testInfo) => {
      await page.goto(
        `/referrals/000000070001?from=${encodeURIComponent('/worklists/REFERRALS_FOR_REVIEW')}`,
      );
      await expect(page.getByRole('link', { name: 'Back to referrals for review' })).toBeVisible();
      await checkScreen(page, testInfo, 'referral-from-worklist', { signedIn: true });
    },
  );

  signedInTest('referral-not-found is accessible', async ({ page }, testInfo) => {
    await page.goto('/referrals/999999999999');
    await expect(page.getByRole('heading', { level: 1, name: 'Referral not found' })).toBeVisible();
    await expect(page.getByRole('main')).toMatchAriaSnapshot(READING_ORDER.referralNotFound);
    await checkScreen(page, testInfo, 'referral-not-found', { signedIn: true });
  });

  signedInTest(
    'referral-invalid-ubrn (in the address) is accessible',
    async ({ page }, testInfo) => {
      await page.goto('/referrals/12345');
      await expect(page.getByRole('heading', { level: 1, name: 'Check the UBRN' })).toBeVisible();
      await checkScreen(page, testInfo, 'referral-invalid-ubrn', { signedIn: true });
    },
  );
});
