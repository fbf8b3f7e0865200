/**
 * The patient banner from PDS (the stand-in behind the same APIM, with the same token as e-RS):
 * the patient's name, date of birth and age above the referral; a restricted patient without an
 * address, on screen and in what the BFF sent; a superseded NHS number; PDS down. Each screen
 * checked with axe and kept as a screenshot, on desktop and iPad.
 */
import { expect, type Page } from '@playwright/test';
import { checkScreen } from '../support/screens';
import { test } from '../support/signed-in';

const banner = (page: Page) => page.locator('section[aria-labelledby="patient-banner"]');
/** The value the banner gives for `label` (a term and its definition). */
const fact = (page: Page, label: string) =>
  banner(page)
    .locator('div', { has: page.getByRole('term').getByText(label, { exact: true }) })
    .getByRole('definition');

async function openReferral(page: Page, ubrn: string) {
  await page.goto(`/referrals/${ubrn}`);
  await expect(page.getByRole('heading', { level: 1, name: /^Referral / })).toBeVisible();
}

test('a referral shows the patient’s name, date of birth and age from PDS', async ({
  page,
}, testInfo) => {
  await openReferral(page, '000000070000');
  await expect(banner(page).getByRole('heading', { level: 2 })).toHaveText('SMITH, Jane (Mrs)');
  await expect(fact(page, 'Born')).toHaveText(/^22 October 2010 \(\d+ years\)$/);
  await expect(fact(page, 'NHS number')).toHaveText('991 200 3888 (verified)');
  await expect(fact(page, 'GP practice (ODS code)')).toHaveText('Y12345');
  await checkScreen(page, testInfo, 'patient-banner', { signedIn: true });
});

test('a restricted patient’s banner has no address, nor has the BFF’s answer', async ({
  page,
}, testInfo) => {
  const answer = page.waitForResponse((response) =>
    response.url().endsWith('/api/referrals/000000070102/patient'),
  );
  await openReferral(page, '000000070102');
  const body = await (await answer).text();
  expect(JSON.parse(body)).toMatchObject({ patient: { restriction: 'restricted' } });
  expect(body).not.toMatch(/address|postalCode|gpPractice|LS1/i);
  await expect(banner(page).getByRole('heading', { level: 2 })).toHaveText('SMYTHE, Janet (Mrs)');
  await expect(banner(page)).toContainText('Restricted record');
  await expect(banner(page)).not.toContainText(/Home address|LS1|Y12345/);
  await checkScreen(page, testInfo, 'patient-banner-restricted', { signedIn: true });
});

test('a superseded NHS number shows the current one and says it changed', async ({
  page,
}, testInfo) => {
  await openReferral(page, '000000070108');
  await expect(banner(page)).toContainText('NHS number changed');
  await expect(banner(page)).toContainText('The referral gives 100 000 0001');
  await expect(fact(page, 'NHS number')).toHaveText('973 201 9395 (verified)');
  await checkScreen(page, testInfo, 'patient-banner-superseded', { signedIn: true });
});

test('with PDS down the referral still shows, and the banner says why', async ({
  page,
}, testInfo) => {
  // The BFF's own answer when PDS cannot be reached (bff/test/patient-banner.test.ts makes the
  // stand-in fail for real); here the browser is given it, to see what the clinician reads.
  await page.route('**/api/referrals/*/patient', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      headers: { 'X-Correlation-ID': 'e2e-pds-down' },
      body: JSON.stringify({
        type: 'about:blank',
        title: 'Service unavailable',
        status: 503,
        code: 'pds_unavailable',
        detail:
          'The Personal Demographics Service (PDS) could not be reached, so patient details cannot be shown. Try again later.',
        correlationId: 'e2e-pds-down',
      }),
    }),
  );
  await openReferral(page, '000000070001');
  await expect(banner(page).getByRole('heading', { level: 2 })).toHaveText(
    'Patient details could not be retrieved',
  );
  await expect(banner(page)).toContainText('could not be reached');
  await expect(banner(page).getByText('Correlation ID: e2e-pds-down')).toBeHidden();
  await banner(page).getByText('Information for support').click();
  await expect(banner(page).getByText('Correlation ID: e2e-pds-down')).toBeVisible();
  await expect(page.locator('.nhsuk-summary-list')).toBeVisible();
  await checkScreen(page, testInfo, 'patient-banner-pds-down', { signedIn: true });
});
