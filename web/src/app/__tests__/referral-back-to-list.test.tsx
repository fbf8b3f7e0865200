import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render-app';

/** The first render loads the lazy route modules: give it longer than the 1 s default. */
const SLOW = { timeout: 5000 };

const referralFrom = (from: string) => `/referrals/000000070001?from=${encodeURIComponent(from)}`;

async function openReferral(path: string) {
  const rendered = renderApp(path);
  await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0001' }, SLOW);
  return rendered;
}

describe('a referral opened from a worklist', () => {
  it('goes back to the list with its filters and order', async () => {
    const list = '/worklists/REFERRALS_FOR_REVIEW?specialty=CARDIOLOGY&sort=ubrn&order=descending';
    const { user, router } = await openReferral(referralFrom(list));
    const back = screen.getByRole('link', { name: 'Back to referrals for review' });
    expect(back).toHaveClass('nhsuk-back-link');
    expect(back).toHaveAttribute('href', list);
    // Its way back is the list, not the search.
    expect(screen.queryByRole('link', { name: 'Find another referral' })).not.toBeInTheDocument();

    await user.click(back);
    await screen.findByRole('heading', { level: 1, name: 'Worklists' }, SLOW);
    expect(`${router.state.location.pathname}${router.state.location.search}`).toBe(list);
  });

  it('offers the search again when opened by UBRN', async () => {
    await openReferral('/referrals/000000070001');
    expect(screen.queryByRole('link', { name: /^Back to/ })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Find another referral' })).toBeInTheDocument();
  });

  it.each([
    ['another origin', 'https://evil.example/worklists/REFERRALS_FOR_REVIEW'],
    ['another page', '/referrals/find'],
    ['a list the role does not have', '/worklists/AWAITING_BOOKING'],
  ])('ignores a "from" naming %s', async (_, from) => {
    await openReferral(referralFrom(from));
    expect(screen.queryByRole('link', { name: /^Back to/ })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Find another referral' })).toBeInTheDocument();
  });
});
