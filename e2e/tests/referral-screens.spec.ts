/**
 * The referral screens a clinician works from, on both projects (and the iPad turned to
 * landscape): the patient's additional requirements and the appointment comment above the
 * record, a UBRN that found nothing repeated with the search again, and the ids support asks for
 * folded into "Information for support" on every problem page. Each screen is checked with axe
 * and kept as a screenshot (test-results/screens/<project>/).
 */
import type { Page, TestInfo } from '@playwright/test';
import { expect } from '@playwright/test';
import { checkScreen, saveScreen } from '../support/screens';
import { test } from '../support/signed-in';

/** On the iPad, the same screen held sideways as well; the project's viewport is upright. */
async function saveLandscape(page: Page, testInfo: TestInfo, name: string) {
  if (testInfo.project.name !== 'ipad') return;
  const upright = page.viewportSize();
  if (!upright) throw new Error('the iPad project has a viewport');
  await page.setViewportSize({ width: upright.height, height: upright.width });
  await saveScreen(page, testInfo, `${name}-landscape`);
  await page.setViewportSize(upright);
}

test("a referral with the patient's additional requirements shows them before the record", async ({
  page,
}, testInfo) => {
  // The e-RS specification's example with-additional-requirements (all three e-RS allows).
  await page.goto('/referrals/000000070011');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Referral 0000 0007 0011' }),
  ).toBeVisible();

  const card = page.locator('.nhsuk-card--warning');
  await expect(
    card.getByRole('heading', { level: 2, name: /Patient's additional requirements/ }),
  ).toBeVisible();
  await expect(card.getByRole('listitem')).toHaveText(['Advocacy', 'Interpreter', 'Transport']);
  // Above the summary list, and on the first screen without scrolling.
  const cardBox = await card.boundingBox();
  const listBox = await page.locator('.nhsuk-summary-list').boundingBox();
  expect(cardBox && listBox && cardBox.y + cardBox.height <= listBox.y).toBe(true);
  await expect(card).toBeInViewport();
  // Not the summary row it used to be, at the bottom of a long list.
  await expect(
    page.locator('.nhsuk-summary-list__key', { hasText: 'additional requirements' }),
  ).toHaveCount(0);

  await checkScreen(page, testInfo, 'referral-requirements', { signedIn: true });
  await saveLandscape(page, testInfo, 'referral-requirements');
});

test('an appointment comment is shown before the record', async ({ page }, testInfo) => {
  // The specification's deferred-to-provider example: "Yes!" written with the deferral.
  await page.goto('/referrals/000000070003');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Referral 0000 0007 0003' }),
  ).toBeVisible();
  const comment = page.locator('.nhsuk-inset-text', {
    has: page.getByRole('heading', { level: 2, name: 'Appointment comment' }),
  });
  await expect(comment).toContainText('Yes!');
  await expect(comment).toBeInViewport();
  await checkScreen(page, testInfo, 'referral-appointment-comment', { signedIn: true });
});

test('a UBRN that finds nothing is repeated, with the search again and the support ids folded away', async ({
  page,
}, testInfo) => {
  await page.goto('/referrals/000000099999');
  await expect(page.getByRole('heading', { level: 1, name: 'Referral not found' })).toBeVisible();
  await expect(page.getByText('No referral found for UBRN 0000 0009 9999.')).toBeVisible();
  const field = page.getByRole('textbox', { name: 'UBRN' });
  await expect(field).toHaveValue('0000 0009 9999');

  // The ids are there for support, once, and not in the clinician's way.
  const support = page.locator('details.nhsuk-details', { hasText: 'Information for support' });
  await expect(support).toHaveCount(1);
  await expect(support.getByText(/^Correlation ID: /)).toBeHidden();
  await expect(page.getByText(/Correlation ID/)).toHaveCount(1);

  await checkScreen(page, testInfo, 'referral-not-found', { signedIn: true });
  await saveLandscape(page, testInfo, 'referral-not-found');

  await support.getByText('Information for support').click();
  await expect(support.getByText(/^Correlation ID: \S+/)).toBeVisible();
  await checkScreen(page, testInfo, 'referral-not-found-support-open', { signedIn: true });

  // One correction away: fix the UBRN and search again.
  await field.fill('0000 0007 0000');
  await page.getByRole('button', { name: 'Find referral' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' }),
  ).toBeVisible();
});

test('a service problem keeps its support ids in "Information for support"', async ({
  page,
}, testInfo) => {
  // e-RS busy is hard to cause on the stand-in on demand: the BFF's problem is answered here.
  await page.route('**/api/referrals/000000070000', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      headers: { 'Retry-After': '30' },
      body: JSON.stringify({
        type: 'about:blank',
        title: 'The e-Referral Service is busy',
        status: 503,
        code: 'service_busy',
        detail: 'The e-Referral Service is busy. Try again shortly.',
        retryAfterSeconds: 30,
        correlationId: 'c0ffee00-1234-4abc-8def-000000000503',
        ersRequestId: 'r.c18c4ec4-7d0a-480e-8506-347e0ec228b5',
      }),
    }),
  );
  await page.goto('/referrals/000000070000');
  await expect(
    page.getByRole('heading', { level: 1, name: 'The e-Referral Service is busy' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await expect(page.getByText('Correlation ID: c0ffee00-1234-4abc-8def-000000000503')).toBeHidden();
  await expect(page.getByText('Information for support')).toBeVisible();
  await checkScreen(page, testInfo, 'referral-service-busy', { signedIn: true });
  await saveLandscape(page, testInfo, 'referral-service-busy');
});
