/**
 * Sorting a worklist as a user would at the page's width: by the column header's link where the
 * list is a table, or with the "Sort by" form where each referral is a card and the headers are
 * not drawn (a tablet held upright). And how far a worklist's table (a referral list's or the
 * A&G list's) reaches past the page's content column.
 */
import { expect, type Page } from '@playwright/test';

export async function sortWorklist(
  page: Page,
  { column, option, clicks }: { column: string; option: string; clicks: 1 | 2 },
) {
  const form = page.getByRole('form', { name: 'Sort the worklist' });
  if (await form.isVisible()) {
    await form.getByLabel('Sort by').selectOption({ label: option });
    await form.getByRole('button', { name: 'Sort' }).click();
    return;
  }
  const header = page.getByRole('columnheader', { name: column });
  for (let click = 1; click <= clicks; click += 1) {
    await header.getByRole('link').click();
    await expect(header).toHaveAttribute('aria-sort', click === 1 ? 'ascending' : 'descending');
  }
}

/** How far the list's table reaches past the right edge of the page's content column, in px. */
export async function tableOverhang(page: Page) {
  return page.evaluate(() => {
    const column = document.querySelector('main')!.closest('.nhsuk-width-container')!;
    const style = getComputedStyle(column);
    const contentRight = column.getBoundingClientRect().right - parseFloat(style.paddingRight);
    return document.querySelector('main table')!.getBoundingClientRect().right - contentRight;
  });
}
