import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { E2E_AUDIT_LOG, E2E_PORTS } from '../playwright.config';
import { browserState, issuedTokens, watchResponses } from '../support/token-watch';

test('a clinician signs in, retrieves a referral by UBRN and signs out; no token reaches the browser', async ({
  page,
  context,
}) => {
  const received = watchResponses(page);

  await page.goto('/');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Sign in to view e-Referrals' }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Sign in with NHS Care Identity Service 2' }).click();

  // The local CIS2 stand-in's sign-in page.
  await expect(page.getByRole('heading', { name: 'Choose a test user' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign in as Dr Priya Shah' }).click();

  // She starts on her role's first place, the worklists; the header's navigation leads on.
  await expect(page.getByRole('heading', { level: 1, name: 'Worklists' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Menu' })
    .getByRole('link', { name: 'Find a referral' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Find a referral' })).toBeVisible();
  const banner = page.getByRole('banner');
  await expect(banner).toContainText('Dr Priya Shah');
  await expect(banner).toContainText('Consultant');
  await expect(banner).toContainText('HARROGATE AND DISTRICT NHS FOUNDATION TRUST (RCD)');

  const sessionCookie = (await context.cookies()).find((cookie) =>
    cookie.name.startsWith('__Host-'),
  );
  expect(sessionCookie?.httpOnly).toBe(true);
  expect(sessionCookie?.secure).toBe(true);
  expect(sessionCookie?.sameSite).toBe('Strict');

  // An invalid UBRN is refused next to the field, before any request.
  await page.getByLabel('UBRN').fill('12345');
  await page.getByRole('button', { name: 'Find referral' }).click();
  await expect(page.getByRole('alert')).toContainText('There is a problem');
  await expect(page.getByRole('alert')).toContainText('UBRN must be 12 digits');

  await page.getByLabel('UBRN').fill('0000 0007 0000');
  const referralAnswer = page.waitForResponse((response) =>
    response.url().endsWith('/api/referrals/000000070000'),
  );
  await page.getByRole('button', { name: 'Find referral' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' }),
  ).toBeVisible();
  // The BFF audited the retrieval as hers, under the id it gave the browser (never the NHS
  // number or the record's content).
  const correlationId = (await referralAnswer).headers()['x-correlation-id'];
  expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
  const audited = async () =>
    (await readFile(E2E_AUDIT_LOG, 'utf8'))
      .split('\n')
      .filter((line) => line.includes(correlationId!))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  await expect.poll(audited).toEqual([
    expect.objectContaining({
      stream: 'audit',
      audit: 'ers_retrieval',
      operation: 'A005',
      ubrn: '000000070000',
      result: 'success',
      userName: 'Dr Priya Shah',
      odsCode: 'RCD',
    }),
  ]);
  expect(JSON.stringify(await audited())).not.toContain('9912003888');
  const summary = page.locator('.nhsuk-summary-list');
  await expect(summary.getByText('Not Booked')).toBeVisible();
  await expect(summary.getByText('Routine')).toBeVisible();
  await expect(summary.getByText('Cardiology', { exact: true })).toBeVisible();
  await expect(summary.getByText('991 200 3888')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'You have signed out' })).toBeVisible();

  const tokens = await issuedTokens(`http://localhost:${E2E_PORTS.apim}`);
  expect(tokens.length).toBeGreaterThanOrEqual(4);
  const seen = [...received.map((item) => item.text), await browserState(context, page)].join('\n');
  expect(received.length).toBeGreaterThan(5);
  for (const token of tokens) expect(seen).not.toContain(token);
});
