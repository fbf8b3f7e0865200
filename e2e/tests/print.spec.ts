/**
 * A referral summary printed: the record and the confidentiality line, without the header's
 * account controls, buttons, the skip link or the session warning, and without link addresses
 * printed after each link; links print as plain text. On paper only, a footer says when it was
 * printed, by whom, for which organisation, and which version of the referral. The PDF Chromium
 * prints is kept with the results.
 */
import { expect, test } from '@playwright/test';
import { saveArtifact, saveScreen } from '../support/screens';
import { SessionClock } from '../support/session-clock';
import { PRIYA_SHAH, findHeading, openKnownReferral, signInDirectly } from '../support/sign-in';

test('a referral summary prints cleanly', async ({ page }, testInfo) => {
  await page.clock.install();
  const clock = await SessionClock.install(page);
  await signInDirectly(page, PRIYA_SHAH);
  await expect(findHeading(page)).toBeVisible();
  await openKnownReferral(page);

  // On screen the header and the confidentiality line say who is looking: no printed-by footer.
  const printedBy = page.getByText(/^Printed on /);
  await expect(printedBy).toBeHidden();
  await expect(page.getByText(/^Referral version /)).toBeHidden();

  await page.emulateMedia({ media: 'print' });

  const today = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  }).format(new Date());
  await expect(printedBy).toBeVisible();
  await expect(printedBy).toHaveText(
    new RegExp(
      `^Printed on ${today} at \\d{1,2}:\\d{2}(am|pm) by ${PRIYA_SHAH.name}, .+ \\(RCD\\)$`,
    ),
  );
  await expect(page.getByText('Referral version 5')).toBeVisible();

  const main = page.getByRole('main');
  await expect(
    main.getByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' }),
  ).toBeVisible();
  await expect(page.locator('.nhsuk-summary-list')).toBeVisible();
  await expect(page.locator('.nhsuk-summary-list').getByText('991 200 3888')).toBeVisible();
  await expect(page.getByText(/^CONFIDENTIAL: personal information about patients/)).toBeVisible();

  await expect(page.getByRole('navigation', { name: 'Account' })).toBeHidden();
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeHidden();
  await expect(page.getByRole('link', { name: 'Find another referral' })).toBeHidden();
  await expect(page.getByRole('contentinfo')).toBeHidden();
  // No button is printed (nothing to press on paper); a button styled as a link, such as an
  // attachment's file name, prints as its text.
  const buttons = await page
    .locator('button:not(.nhsuk-link), .nhsuk-button')
    .evaluateAll((elements) =>
      elements.filter((element) => element.getClientRects().length > 0).map((e) => e.textContent),
    );
  expect(buttons).toEqual([]);
  // Links print as their text only: no " (Link: /referrals/find)" after them.
  const linkSuffixes = await page
    .locator('a')
    .evaluateAll((links) =>
      links
        .map((link) => getComputedStyle(link, '::after').content)
        .filter((content) => content !== 'none' && content !== 'normal' && content !== '""'),
    );
  expect(linkSuffixes).toEqual([]);
  // Nothing on paper looks like something to follow or press: every link or link-styled button
  // still printed is in the text's own colour, not underlined.
  const lookLikeControls = await page.locator('a, button').evaluateAll((elements) => {
    const text = getComputedStyle(document.body).color;
    return elements
      .filter((element) => element.getClientRects().length > 0)
      .filter((element) => {
        const style = getComputedStyle(element);
        return style.color !== text || style.textDecorationLine !== 'none';
      })
      .map((element) => element.textContent.trim());
  });
  expect(lookLikeControls).toEqual([]);

  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  await saveArtifact(testInfo, 'referral-summary-print.pdf', pdf, 'application/pdf');
  await saveScreen(page, testInfo, 'referral-summary-print');

  // With the timeout warning open, the printout is the same: the warning is not on paper.
  await page.emulateMedia({ media: 'screen' });
  const { idle } = await clock.deadlines();
  await clock.jumpTo(idle, 110_000);
  const warning = page.getByRole('dialog', { name: 'You’re about to be signed out' });
  await expect(warning).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(warning).toBeHidden();
  await expect(page.locator('.nhsuk-summary-list')).toBeVisible();
});
