/**
 * Sorting a worklist as a user would at the page's width: by the column header's link where the
 * list is a table, or with the "Sort by" form where each referral is a card and the headers are
 * not drawn (a tablet held upright).
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
