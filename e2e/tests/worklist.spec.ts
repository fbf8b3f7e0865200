/**
 * The worklist as a clinician uses it, in both projects and, on the iPad, held both ways: nothing
 * in the page is wider than the box it sits in (a column pushed off screen with no cue is how a
 * status gets missed), UBRNs and NHS numbers stay on one line, and on an iPad in landscape the
 * first referral is on screen without scrolling. Then the way back: a list sorted and filtered,
 * a referral opened from it, and "Back to <list>" returning to the same list in the same order.
 * Each row names its patient from PDS (through the BFF) once the list is showing: the fit is
 * checked with the names in, since a name is the widest thing a row gained.
 */
import { expect, type Page } from '@playwright/test';
import { checkScreen, saveScreen } from '../support/screens';
import { JAMES_OKAFOR, signInDirectly, findHeading, type TestUser } from '../support/sign-in';
import { test } from '../support/signed-in';
import { sortWorklist, tableOverhang } from '../support/worklist';

/** Service provider admin at RCD: the provider worklists, and no referral (A005 is not hers). */
const GRACE_LEE: TestUser = { uid: '555032006103', name: 'Ms Grace Lee' };

/** The iPad Pro 11 turned on its side (the ipad project's viewport is it held upright). */
const IPAD_LANDSCAPE = { width: 1194, height: 834 };

const LIST = '/worklists/REFERRALS_FOR_REVIEW';

/**
 * What in main does not fit: a box that clips or scrolls its content sideways (a column cut off,
 * or reachable only by a sideways scroll nothing on screen hints at), anything drawn past the
 * edges of the viewport, and the page itself scrolling sideways. (The design system's grid rows
 * reach into the page's gutters by design: they are inside the viewport, so they pass.)
 */
async function overflowingElements(page: Page) {
  return page.evaluate(() => {
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}.${Array.from(element.classList).join('.')} "${(element.textContent ?? '').trim().slice(0, 30)}"`;
    const viewport = document.documentElement.clientWidth;
    const found: string[] = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('main, main *'))) {
      const box = element.getBoundingClientRect();
      // Not drawn, or drawn for screen readers only (the visually hidden 1px boxes).
      if (element.getClientRects().length === 0 || (box.width <= 1 && box.height <= 1)) continue;
      const clips = getComputedStyle(element).overflowX !== 'visible';
      if (clips && element.scrollWidth > element.clientWidth + 1) {
        found.push(`${describe(element)} hides ${element.scrollWidth - element.clientWidth}px`);
      }
      if (box.left < -1 || box.right > viewport + 1) {
        found.push(
          `${describe(element)} [${Math.round(box.left)}-${Math.round(box.right)}] off screen`,
        );
      }
    }
    if (document.documentElement.scrollWidth > viewport) {
      found.push(
        `the page scrolls sideways: ${document.documentElement.scrollWidth} > ${viewport}`,
      );
    }
    return found;
  });
}

/** A UBRN (0000 0007 0001) or an NHS number (991 200 3888) as the list shows them. */
const IDENTIFIER = /^(\d{4} \d{4} \d{4}|\d{3} \d{3} \d{4})$/;

/** Each UBRN and NHS number in the list, and whether its text takes more than one line. */
async function identifiers(page: Page) {
  return page.evaluate((pattern) => {
    const identifier = new RegExp(pattern);
    return Array.from(document.querySelectorAll<HTMLElement>('main table *'))
      .filter(
        (element) =>
          element.children.length === 0 && identifier.test((element.textContent ?? '').trim()),
      )
      .map((element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        // One rectangle per line the text is drawn on.
        const lines = new Set(
          Array.from(range.getClientRects()).map((rect) => Math.round(rect.top)),
        );
        return { text: (element.textContent ?? '').trim(), lines: lines.size };
      });
  }, IDENTIFIER.source);
}

/** Each row's Patient cell, as its text reads (after the label a card shows first). */
const patientCells = (page: Page) =>
  page.locator('main tbody tr').locator('td.app-worklist__patient > span:last-child');

async function openList(page: Page, path = LIST) {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Worklists' })).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();
}

/** Dr Shah's referrals for review: four of Jane Smith's, and one whose PDS record was invalidated. */
async function expectNamedRows(page: Page) {
  const cells = patientCells(page);
  await expect(
    cells.filter({ hasText: /^NHS number 991 200 3888SMITH, Jane \(Mrs\)Born 22 October 2010$/ }),
  ).toHaveCount(4);
  await expect(cells.filter({ hasText: /^NHS number 999 000 3343No PDS record$/ })).toHaveCount(1);
}

for (const layout of ['as-is', 'landscape'] as const) {
  test(`the worklist fits its page ${layout === 'as-is' ? '' : 'in landscape '}with identifiers on one line`, async ({
    page,
  }, testInfo) => {
    const ipad = testInfo.project.name === 'ipad';
    test.skip(layout === 'landscape' && !ipad, 'landscape is an iPad question');
    if (layout === 'landscape') await page.setViewportSize(IPAD_LANDSCAPE);
    await openList(page);
    await expectNamedRows(page);

    expect(await overflowingElements(page)).toEqual([]);
    // Inside the page's column too, not only the screen: a table wider than the header above it
    // reads as a layout fault. The design system itself draws a table 2px past the column on each
    // side (nhsuk-frontend's $nhsuk-border-table-header-width), which is allowed.
    expect(await tableOverhang(page)).toBeLessThanOrEqual(2.5);
    // Five referrals: a UBRN and an NHS number each, each on one line.
    const found = await identifiers(page);
    expect(found).toHaveLength(10);
    expect(found.filter(({ lines }) => lines > 1)).toEqual([]);

    if (layout === 'landscape') {
      // The first referral, all of it, without scrolling.
      const firstRow = page.locator('main tbody tr').first();
      const box = await firstRow.boundingBox();
      expect(box, 'the first row is drawn').not.toBeNull();
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(IPAD_LANDSCAPE.height);
    }
    await saveScreen(
      page,
      testInfo,
      `worklist-fit-${ipad ? (layout === 'landscape' ? 'landscape' : 'portrait') : 'desktop'}`,
    );
  });
}

/** The first referral's UBRN (the header row is not drawn where the rows are cards). */
const firstUbrn = (page: Page) =>
  page
    .locator('main tbody')
    .getByRole('link', { name: /^\d{4} \d{4} \d{4}$/ })
    .first();

test('a referral opened from a sorted, filtered list goes back to it as it was', async ({
  page,
}) => {
  await openList(page, `${LIST}?specialty=CARDIOLOGY`);
  await sortWorklist(page, { column: 'UBRN', option: 'UBRN, highest first', clicks: 2 });
  const sorted = `${LIST}?specialty=CARDIOLOGY&sort=ubrn&order=descending`;
  await expect(page).toHaveURL(sorted);
  await expect(firstUbrn(page)).toHaveText('0000 0007 0101');

  await firstUbrn(page).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Referral 0000 0007 0101' }),
  ).toBeVisible();
  const back = page.getByRole('link', { name: 'Back to referrals for review' });
  await expect(back).toBeVisible();
  // Opened from a list, not a search: the way back is to the list.
  await expect(page.getByRole('link', { name: 'Find another referral' })).toHaveCount(0);

  await back.click();
  await expect(page).toHaveURL(sorted);
  await expect(page.getByRole('link', { name: 'Clear filters' })).toBeVisible();
  await expect(firstUbrn(page)).toHaveText('0000 0007 0101');

  // The browser's Back finds the list the same way.
  await firstUbrn(page).click();
  await expect(back).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(sorted);
  await expect(firstUbrn(page)).toHaveText('0000 0007 0101');
});

test('each row names its patient from PDS, with the date of birth', async ({ page }, testInfo) => {
  await openList(page);
  await expectNamedRows(page);
  const firstRow = page.locator('main tbody tr').first();
  await expect(firstRow.getByText('SMITH, Jane (Mrs)')).toBeVisible();
  await expect(firstRow.getByText('Born 22 October 2010')).toBeVisible();
  await checkScreen(page, testInfo, 'worklist-patients', { signedIn: true });
});

test.describe('another role', () => {
  // Her own sign-in, not the shared one (Dr Shah's).
  test.use({ storageState: { cookies: [], origins: [] } });

  test('a service provider admin sees the UBRNs as text, not links to what she cannot open', async ({
    page,
  }, testInfo) => {
    await signInDirectly(page, GRACE_LEE);
    await expect(findHeading(page)).toBeVisible();
    await openList(page);
    await expect(
      page.getByRole('table').getByText('0000 0007 0001', { exact: true }),
    ).toBeVisible();
    await expect(page.locator('main tbody').getByRole('link')).toHaveCount(0);
    await checkScreen(page, testInfo, 'worklist-admin', { signedIn: true });
  });

  test('a referrer’s rows: a restricted record by name and date of birth only, a superseded number by its current patient', async ({
    page,
  }) => {
    await signInDirectly(page, JAMES_OKAFOR);
    // His GP practice's role, where his referrals are.
    await page.getByRole('radio', { name: /General Medical Practitioner/ }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(findHeading(page)).toBeVisible();
    const answers: Promise<string>[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/patients?')) answers.push(response.text());
    });
    await openList(page, '/worklists/REJECTED_TRIAGE_RESPONSE');
    await expect(patientCells(page)).toHaveText([
      /^NHS number 100 000 0001SMITH, John Paul \(Mr\)Born 22 October 2010NHS number now 973 201 9395$/,
      /^NHS number 946 297 9626SMYTHE, Janet \(Mrs\)Born 22 October 2010$/,
    ]);
    // What the BFF sent for the rows: names and dates of birth, no address of anyone's.
    const sent = (await Promise.all(answers)).join('');
    expect(sent).toContain('Smythe');
    expect(sent).not.toMatch(/address|postalCode|"line"/i);
  });
});
