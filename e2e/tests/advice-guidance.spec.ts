/**
 * Advice and Guidance as a provider clinician (Dr Priya Shah, SPC at RCD) meets it, in both
 * projects: "Advice and Guidance" in the header, the A&G worklist (e-RS A023), a request from it
 * with its summary (A024) and conversation (A025) in the order written, the overview PDF (A043)
 * opened in a new tab, and "Back to Advice and Guidance". Each row names its patient from PDS
 * under the NHS number, and the request opens with its patient banner under the heading, as a
 * referral does. Each new screen passes axe (WCAG 2.2 AA, target size) and is saved upright and,
 * on the iPad, on its side. Identifiers stay on one line, and the table inside the page's column
 * (with the names in, the widest thing a row gained), both ways on the iPad.
 */
import { expect, type Page, type Response } from '@playwright/test';
import { checkScreen } from '../support/screens';
import { test } from '../support/signed-in';
import { tableOverhang } from '../support/worklist';

const isApi = (part: string) => (response: Response) =>
  response.url().includes(part) && response.request().method() === 'GET';

/** Each UBRN and NHS number in the table, and how many lines its text takes. */
async function identifierLines(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('main table *'))
      .filter(
        (element) =>
          element.children.length === 0 &&
          /^(\d{4} \d{4} \d{4}|\d{3} \d{3} \d{4})$/.test((element.textContent ?? '').trim()),
      )
      .map((element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        return new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top))).size;
      }),
  );
}

test('an A&G request from its worklist to its conversation and overview PDF', async ({
  page,
}, testInfo) => {
  await page.goto('/worklists');
  await expect(page.getByRole('heading', { level: 1, name: 'Worklists' })).toBeVisible();
  const menu = page.getByRole('navigation', { name: 'Menu' });
  // On an iPad held upright the places may sit under "More".
  const more = menu.getByRole('button', { name: /More/ });
  if (await more.isVisible()) await more.click();
  await menu.getByRole('link', { name: 'Advice and Guidance' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Advice and Guidance' })).toBeVisible();
  await expect(page).toHaveURL(/\/advice-and-guidance$/);
  const table = page.getByRole('table');
  await expect(table.getByRole('link', { name: /^\d{4} \d{4} \d{4}$/ })).toHaveCount(4);
  // Three requests are Jane Smith's, the fourth a restricted record's (named, nothing more).
  const patients = page
    .locator('main tbody tr')
    .locator('td.app-worklist__patient > span:last-child');
  await expect(
    patients.filter({
      hasText: /^NHS number 991 200 3888SMITH, Jane \(Mrs\)Born 22 October 2010$/,
    }),
  ).toHaveCount(3);
  await expect(patients.filter({ hasText: /^NHS number 946 297 9626.+Born / })).toHaveCount(1);
  const upright = page.viewportSize()!;
  const ways =
    testInfo.project.name === 'ipad'
      ? [upright, { width: upright.height, height: upright.width }]
      : [upright];
  for (const way of ways) {
    await page.setViewportSize(way);
    const lines = await identifierLines(page);
    expect(lines).toHaveLength(8);
    expect(lines.filter((count) => count > 1)).toEqual([]);
    // The design system draws a table 2px past the column on each side, which is allowed.
    expect(await tableOverhang(page)).toBeLessThanOrEqual(2.5);
  }
  await page.setViewportSize(upright);
  // The service on a line of its own under the specialty, in the table and in the cards alike
  // (run together as "CardiologyCardiology Advice Service" when its class went missing).
  const services = table.getByText('Cardiology Advice Service', { exact: true });
  await expect(services).toHaveCount(4);
  for (const display of await services.evaluateAll((elements) =>
    elements.map((element) => getComputedStyle(element).display),
  ))
    expect(display).toBe('block');
  await checkScreen(page, testInfo, 'advice-worklist', { signedIn: true });

  await table.getByRole('link', { name: '0000 0009 0002' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Advice and Guidance request 0000 0009 0002' }),
  ).toBeVisible();
  const messages = page.getByRole('list', { name: 'Messages, oldest first' });
  await expect(messages.getByRole('heading', { level: 3 })).toHaveText([
    'Referrer, 23 September 2021 at 3:43pm',
    'Referrer, 23 September 2021 at 4:15pm',
    'Provider, 24 September 2021 at 5:21pm',
    'Provider, 24 September 2021 at 5:21pm',
  ]);
  await expect(
    messages.getByText('Patient is complaining of breathing difficulties'),
  ).toBeVisible();
  // Who it is about, from PDS, under the heading as on a referral: a restricted record's banner.
  const banner = page.locator('section.app-patient-banner');
  await expect(banner.getByText('Restricted record')).toBeVisible();
  await expect(banner.getByText(/946 297 9626/)).toBeVisible();
  expect(
    await page.evaluate(() => {
      const heading = document.querySelector('main h1')!;
      return heading.nextElementSibling?.classList.contains('app-patient-banner') ?? false;
    }),
  ).toBe(true);
  await checkScreen(page, testInfo, 'advice-request', { signedIn: true });

  // The overview PDF: fetched with X-CSRF, opened in a new tab from an object URL.
  const [response, opened] = await Promise.all([
    page.waitForResponse(isApi('/overview')),
    page.context().waitForEvent('page'),
    page.getByRole('button', { name: /Advice and Guidance overview \(PDF\)/ }).click(),
  ]);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect(opened.url()).toMatch(/^blob:/);
  await opened.close();

  await page.getByRole('link', { name: 'Back to Advice and Guidance' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Advice and Guidance' })).toBeVisible();
});

test("a conversation's file opened through the BFF, and files e-RS cannot serve, with why", async ({
  page,
}, testInfo) => {
  await page.goto('/advice-and-guidance/000000090001');
  const messages = page.getByRole('list', { name: 'Messages, oldest first' });
  const [response, opened] = await Promise.all([
    page.waitForResponse(isApi('/attachments/')),
    page.context().waitForEvent('page'),
    messages.getByRole('button', { name: /testResultsA\.pdf/ }).click(),
  ]);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect(opened.url()).toMatch(/^blob:/);
  await opened.close();

  await page.goto('/advice-and-guidance/000000090004');
  await expect(messages.getByText('testResultsA.pdf')).toBeVisible();
  await expect(messages.getByText('Being checked', { exact: true })).toBeVisible();
  await expect(messages.getByRole('button')).toHaveCount(0);
  await checkScreen(page, testInfo, 'advice-request-attachments', { signedIn: true });
});
