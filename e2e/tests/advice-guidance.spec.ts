/**
 * Advice and Guidance as a provider clinician (Dr Priya Shah, SPC at RCD) meets it, in both
 * projects: "Advice and Guidance" in the header, the A&G worklist (e-RS A023), a request from it
 * with its summary (A024) and conversation (A025) in the order written, the overview PDF (A043)
 * opened in a new tab, and "Back to Advice and Guidance". Each new screen passes axe (WCAG 2.2 AA,
 * target size) and is saved upright and, on the iPad, on its side. Identifiers stay on one line.
 */
import { expect, type Page, type Response } from '@playwright/test';
import { checkScreen } from '../support/screens';
import { test } from '../support/signed-in';

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
  const lines = await identifierLines(page);
  expect(lines).toHaveLength(8);
  expect(lines.filter((count) => count > 1)).toEqual([]);
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
