/**
 * The clinician's journey against the BFF and the local stand-ins, in both projects: how they
 * are working, a worklist, a referral from it, its attachment and clinical information PDF, the
 * find page refusing a bad UBRN, signing out; and a service provider clinician admin choosing the
 * clinician they work for before opening a referral, also when e-RS lists them only at another
 * organisation than their CIS2 role's. Screenshots of each screen are attached.
 * The journey is in two tests: the part that changes the session (how the user is working,
 * signing out) signs in for itself; the part that only reads shares a sign-in
 * (support/signed-in.ts), as the unavailable attachment does.
 */
import { expect, test, type Page, type Response } from '@playwright/test';
import { checkScreen } from '../support/screens';
import {
  PRIYA_SHAH,
  attachScreenshot,
  findHeading,
  signInDirectly,
  type TestUser,
} from '../support/sign-in';
import { test as signedInTest } from '../support/signed-in';
import { sortWorklist } from '../support/worklist';

/** RCD SPCA, acting on behalf of Dr Priya Shah (see bff/standins/apim-ers/README.md). */
const HELEN_PRICE: TestUser = { uid: '555031998104', name: 'Mrs Helen Price' };
/**
 * CIS2 role at RCD, but e-RS (A030) lists him as SPC admin at R69 only, for Dr James Okafor
 * (555073103100): the acting context is not at the CIS2 role's organisation.
 */
const RAVI_PATEL: TestUser = { uid: '555041000102', name: 'Mr Ravi Patel' };

const isApiFile = (part: string) => (response: Response) =>
  response.url().includes(part) && response.request().method() === 'GET';

/** Clicks a file button: the BFF's answer (fetched with X-CSRF) and the tab it opens. */
async function openFile(page: Page, name: RegExp, urlPart: string) {
  const [response, opened] = await Promise.all([
    page.waitForResponse(isApiFile(urlPart)),
    page.context().waitForEvent('page'),
    page.getByRole('button', { name }).click(),
  ]);
  return { response, opened };
}

test('a provider clinician opens their worklists, confirms how they are working, and signs out', async ({
  page,
}, testInfo) => {
  await signInDirectly(page, PRIYA_SHAH);
  await expect(findHeading(page)).toBeVisible();

  // Worklists for a service provider clinician.
  await page.goto('/worklists');
  await expect(page.getByRole('heading', { level: 1, name: 'Worklists' })).toBeVisible();
  await expect(page).toHaveURL(/\/worklists\/REFERRALS_FOR_REVIEW$/);
  const nav = page.getByRole('navigation', { name: 'Worklists' });
  await expect(nav.getByRole('link', { name: 'Referrals for review (5)' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Appointment slot issues (1)' })).toBeVisible();
  await attachScreenshot(page, testInfo, 'worklist');

  // How they are working: the one pair they have, chosen already.
  await page.getByRole('link', { name: 'Change how you are working' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Choose how you are working' }),
  ).toBeVisible();
  const current = page.getByRole('radio', {
    name: 'Service provider clinician at HARROGATE AND DISTRICT NHS FOUNDATION TRUST (RCD)',
  });
  await expect(current).toBeChecked();
  await attachScreenshot(page, testInfo, 'choose-context');
  const [put] = await Promise.all([
    page.waitForResponse(
      (response) =>
        response.url().endsWith('/api/acting-context') && response.request().method() === 'PUT',
    ),
    page.getByRole('button', { name: 'Continue' }).click(),
  ]);
  expect(put.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Worklists' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'You have signed out' })).toBeVisible();
  await attachScreenshot(page, testInfo, 'signed-out');
});

signedInTest(
  'a referral from the worklist, its attachment and clinical information PDF',
  async ({ page }, testInfo) => {
    await page.goto('/worklists');
    await expect(page.getByRole('heading', { level: 1, name: 'Worklists' })).toBeVisible();

    // Sorting and opening a referral from the list.
    await sortWorklist(page, { column: 'UBRN', option: 'UBRN, lowest first', clicks: 1 });
    await expect(page).toHaveURL(/sort=ubrn&order=ascending$/);
    await page.getByRole('table').getByRole('link', { name: '0000 0007 0001' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Referral 0000 0007 0001' }),
    ).toBeVisible();
    await expect(
      page
        .locator('.app-patient-banner')
        .getByText(/\d{3} \d{3} \d{4}/)
        .first(),
    ).toBeVisible();
    await attachScreenshot(page, testInfo, 'referral');

    // The attachment: fetched with X-CSRF, a PDF, opened in a new tab from an object URL.
    const attachment = await openFile(page, /referralletter\.pdf/, '/attachments/');
    expect(attachment.response.status()).toBe(200);
    expect(attachment.response.headers()['content-type']).toBe('application/pdf');
    expect(attachment.opened.url()).toMatch(/^blob:/);
    await attachment.opened.close();

    const clinical = await openFile(page, /Clinical information \(PDF\)/, '/clinical-information');
    expect(clinical.response.status()).toBe(200);
    expect(clinical.response.headers()['content-type']).toBe('application/pdf');
    await clinical.opened.close();

    // With X-CSRF (as the api client sends it) the BFF serves the PDF itself; a plain navigation,
    // which cannot send the header, is refused: why these are buttons and not links.
    const path = '/api/referrals/000000070001/clinical-information';
    const withHeader = await page.request.get(path, { headers: { 'X-CSRF': '1' } });
    expect((await withHeader.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await page.request.get(path)).status()).toBe(403);

    // The find page refuses an invalid UBRN before any request.
    await page.goto('/referrals/find');
    await expect(findHeading(page)).toBeVisible();
    await page.getByLabel('UBRN').fill('12345');
    await page.getByRole('button', { name: 'Find referral' }).click();
    await expect(page.getByRole('alert')).toContainText('UBRN must be 12 digits');
    await attachScreenshot(page, testInfo, 'find-invalid-ubrn');
  },
);

signedInTest(
  'an unavailable attachment says why and is not offered',
  async ({ page }, testInfo) => {
    await page.goto('/referrals/000000070012');
    await expect(
      page.getByRole('heading', { level: 1, name: 'Referral 0000 0007 0012' }),
    ).toBeVisible();
    const attachments = page.getByRole('table');
    await expect(attachments.getByText('Being checked', { exact: true })).toBeVisible();
    await expect(attachments.getByText('Quarantined', { exact: true })).toBeVisible();
    await expect(attachments.getByText('Failed checks', { exact: true })).toBeVisible();
    await expect(attachments.getByRole('button')).toHaveCount(0);
    await attachScreenshot(page, testInfo, 'unavailable-attachments');
  },
);

test('a service provider clinician admin chooses the clinician, then opens a referral', async ({
  page,
}, testInfo) => {
  await signInDirectly(page, HELEN_PRICE);
  // Acting as an SPCA with no clinician chosen: sent to choose one first.
  await expect(
    page.getByRole('heading', { level: 1, name: 'Choose how you are working' }),
  ).toBeVisible();
  await expect(
    page.getByRole('radio', {
      name: 'Service provider clinician admin at HARROGATE AND DISTRICT NHS FOUNDATION TRUST (RCD)',
    }),
  ).toBeChecked();
  const clinician = page
    .getByRole('group', { name: 'Which clinician are you working for?' })
    .getByRole('radio', { name: /5550 3200 6106/ });
  await expect(clinician).toBeVisible();
  await attachScreenshot(page, testInfo, 'choose-clinician');

  // Continue without choosing: the error summary.
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('Select the clinician you are working for');

  await clinician.check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(findHeading(page)).toBeVisible();

  await page.getByLabel('UBRN').fill('0000 0007 0001');
  await page.getByRole('button', { name: 'Find referral' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Referral 0000 0007 0001' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: /Clinical information \(PDF\)/ })).toBeVisible();
  await attachScreenshot(page, testInfo, 'spca-referral');
});

test("an SPC admin whose e-RS role is at another organisation than the CIS2 role's chooses it and a clinician, then reads a referral, its attachment and reference data", async ({
  page,
}, testInfo) => {
  await signInDirectly(page, RAVI_PATEL);
  // e-RS A030 lists nothing at the CIS2 role's organisation (RCD): nothing is assumed, he chooses.
  await expect(
    page.getByRole('heading', { level: 1, name: 'Choose how you are working' }),
  ).toBeVisible();
  const pair = page.getByRole('radio', {
    name: 'Service provider clinician admin at organisation R69',
  });
  await expect(pair).not.toBeChecked();
  await pair.check();
  // The clinicians come from e-RS A040 for that pair, before it is chosen.
  const clinician = page
    .getByRole('group', { name: 'Which clinician are you working for?' })
    // e-RS A040 gives only his user ID: said in words, grouped as on his smartcard.
    .getByRole('radio', { name: 'The clinician with NHS user ID 5550 7310 3100' });
  await clinician.check();
  await checkScreen(page, testInfo, 'choose-context-elsewhere', { signedIn: true });
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(findHeading(page)).toBeVisible();

  // The header keeps the CIS2 role, says where he is working in e-RS and, on every page, whom
  // he acts for.
  const account = page.getByRole('navigation', { name: 'Account' });
  const actingFor = 'Acting for the clinician with NHS user ID 5550 7310 3100';
  await expect(account).toContainText('Medical Secretary Access Role');
  await expect(account).toContainText('HARROGATE AND DISTRICT NHS FOUNDATION TRUST (RCD)');
  await expect(account).toContainText('Service provider clinician admin at R69');
  await expect(account.getByText(actingFor)).toBeVisible();
  // e-RS records what he reads against R69, so the confidentiality line names it too.
  await expect(
    page.getByText(
      /^CONFIDENTIAL: .* \(RCD\), working as Service provider clinician admin at R69$/,
    ),
  ).toBeVisible();
  await checkScreen(page, testInfo, 'acting-for', { signedIn: true });

  // An R69 worklist, its specialty filter from the reference data (A004), and a referral on it.
  await page.goto('/worklists/APPOINTMENT_SLOT_ISSUES');
  await expect(page.getByRole('heading', { level: 1, name: 'Worklists' })).toBeVisible();
  await expect(account.getByText(actingFor)).toBeVisible();
  await expect(
    page.getByLabel('Specialty').getByRole('option', { name: 'Allergy' }),
  ).toBeAttached();
  await page.getByRole('table').getByRole('link', { name: '0000 0007 0111' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Referral 0000 0007 0111' }),
  ).toBeVisible();
  await expect(account.getByText(actingFor)).toBeVisible();
  await attachScreenshot(page, testInfo, 'spca-elsewhere-referral');

  const attachment = await openFile(page, /referralletter\.pdf/, '/attachments/');
  expect(attachment.response.status()).toBe(200);
  expect(attachment.response.headers()['content-type']).toBe('application/pdf');
  await attachment.opened.close();
});
