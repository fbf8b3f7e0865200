/**
 * What e-RS A029 says the user may do next, on the referral summary (read-only, in words), and a
 * shortlisted service's details from e-RS A033, reached by a referrer from the referral's
 * Services row. Each new screen checked with axe and kept as a screenshot, on desktop and iPad
 * (portrait and landscape).
 */
import { expect, test as base } from '@playwright/test';
import { checkScreen } from '../support/screens';
import { ALEX_MORGAN, findHeading, signInDirectly } from '../support/sign-in';
import { test } from '../support/signed-in';

test('a provider clinician sees what e-RS lets them do next, as words, and where to do it', async ({
  page,
}, testInfo) => {
  // The specification's sandbox scenario: "Record Review Outcome" is available on 000000070001.
  await page.goto('/referrals/000000070001');
  const section = page.locator('section', {
    has: page.getByRole('heading', { level: 2, name: 'What you can do next' }),
  });
  await expect(section.getByRole('listitem')).toHaveText([
    'Record the outcome of reviewing the referral',
  ]);
  await expect(section).toContainText('e-RS Professional Application');
  await expect(section.getByRole('button')).toHaveCount(0);
  await expect(section.getByRole('link')).toHaveCount(0);
  // A provider gets no links to the shortlisted services (A033 is for referring roles).
  await expect(page.getByRole('link', { name: 'Good Cardiology Business Service' })).toHaveCount(0);
  await checkScreen(page, testInfo, 'referral-available-actions', { signedIn: true });
});

base(
  'a referrer sees their actions, then follows a shortlisted service to its details and back',
  async ({ page }, testInfo) => {
    await signInDirectly(page, ALEX_MORGAN);
    await expect(findHeading(page)).toBeVisible();
    await page.goto('/referrals/000000070110');
    const section = page.locator('section', {
      has: page.getByRole('heading', { level: 2, name: 'What you can do next' }),
    });
    await expect(section.getByRole('listitem')).toHaveText([
      'Cancel the appointment booked directly with the service',
      'Cancel the referral',
    ]);
    await checkScreen(page, testInfo, 'referral-referrer-actions', { signedIn: true });

    await page.getByRole('link', { name: 'Good Cardiology Business Service' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      /Shortlisted service\s*-?\s*Good Cardiology Business Service/,
    );
    await expect(page).toHaveURL(/\/referrals\/000000070110\/services\/11002$/);
    const details = page.locator('.nhsuk-summary-list').first();
    await expect(details).toContainText('First Outpatient');
    await expect(details).toContainText('Monday to Friday, 8am to 6pm');
    await expect(
      page.getByRole('link', { name: 'cardiology.bookings@example.nhs.uk' }),
    ).toBeVisible();
    await checkScreen(page, testInfo, 'healthcare-service', { signedIn: true });

    await page.getByRole('link', { name: 'Back to referral 0000 0007 0110' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Referral 0000 0007 0110' }),
    ).toBeVisible();
  },
);

base('a shortlisted service with no contact details says so', async ({ page }, testInfo) => {
  await signInDirectly(page, ALEX_MORGAN);
  await expect(findHeading(page)).toBeVisible();
  await page.goto('/referrals/000000070105/services/11017');
  await expect(page.getByText('e-RS holds no contact details for this service.')).toBeVisible();
  await checkScreen(page, testInfo, 'healthcare-service-no-contacts', { signedIn: true });
});
