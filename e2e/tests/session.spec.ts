import { expect, test } from '@playwright/test';
import { E2E_PORTS } from '../playwright.config';
import {
  PRIYA_SHAH,
  SESSION_COOKIE,
  attachScreenshot,
  findHeading,
  openKnownReferral,
  sessionCookie,
  signInDirectly,
} from '../support/sign-in';
import { watchResponses } from '../support/token-watch';

const BASE_URL = `http://localhost:${E2E_PORTS.bff}`;

test('after 15 minutes without activity the SPA signs the user out and says why', async ({
  page,
  context,
  playwright,
}, testInfo) => {
  // Before any page loads, so the SPA's one-second timer runs on this clock.
  await page.clock.install();
  await signInDirectly(page, PRIYA_SHAH);
  await expect(findHeading(page)).toBeVisible();
  const cookie = await sessionCookie(context);
  expect(cookie).toBeDefined();

  // The BFF's own idle limit runs on real time: here it is the SPA that ends the session.
  await page.clock.fastForward('16:00');

  await expect(page).toHaveURL(
    `${BASE_URL}/session-ended?reason=idle&returnTo=%2Freferrals%2Ffind`,
  );
  await expect(
    page.getByRole('heading', { level: 1, name: 'You were signed out because you were inactive' }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in again' })).toHaveAttribute(
    'href',
    '/?returnTo=%2Freferrals%2Ffind',
  );
  await attachScreenshot(page, testInfo, 'session-ended-idle');

  // The browser has no session any more...
  const user = await page.request.get('/bff/user', { headers: { 'X-CSRF': '1' } });
  expect(user.status()).toBe(401);
  // ...and the server has none either: the old cookie is refused.
  const replay = await playwright.request.newContext({
    baseURL: BASE_URL,
    extraHTTPHeaders: { 'X-CSRF': '1', Cookie: `${SESSION_COOKIE}=${cookie?.value ?? ''}` },
  });
  try {
    expect((await replay.get('/bff/user')).status()).toBe(401);
  } finally {
    await replay.dispose();
  }
});

test('after signing out, Back shows no patient data and asks the user to sign in', async ({
  page,
}) => {
  await signInDirectly(page, PRIYA_SHAH);
  await expect(findHeading(page)).toBeVisible();
  await openKnownReferral(page);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'You have signed out' })).toBeVisible();
  const afterSignOut = watchResponses(page);

  await page.goBack();

  await expect(page).toHaveURL(`${BASE_URL}/?returnTo=%2Freferrals%2F000000070000`);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Sign in to view e-Referrals' }),
  ).toBeVisible();
  await expect(page.getByText('991 200 3888')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Referral 0000 0007 0000' })).toHaveCount(0);
  // Nothing the browser received after signing out carries the patient's details.
  for (const response of afterSignOut) expect(response.text).not.toContain('9912003888');
});

test('signing out in one tab signs out the other tabs at once', async ({ page, context }) => {
  await signInDirectly(page, PRIYA_SHAH);
  await expect(findHeading(page)).toBeVisible();

  const otherTab = await context.newPage();
  await otherTab.goto('/referrals/find');
  await expect(findHeading(otherTab)).toBeVisible();
  await openKnownReferral(otherTab);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'You have signed out' })).toBeVisible();

  // Well before the other tab's next poll (a minute away): the message between tabs did it.
  await expect(otherTab).toHaveURL(`${BASE_URL}/signed-out`, { timeout: 5_000 });
  await expect(
    otherTab.getByRole('heading', { level: 1, name: 'You have signed out' }),
  ).toBeVisible();
  await expect(otherTab.getByText('991 200 3888')).toHaveCount(0);
});
