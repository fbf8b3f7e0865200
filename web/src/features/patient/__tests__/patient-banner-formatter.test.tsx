import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '@/testing/render-app';

// A file of its own: the referral route, and the banner with it, must be loaded for the first
// time inside the test, after the spy is in place (nothing here imports them beforehand).
describe('the referral page with its patient banner', () => {
  it('creates no Intl.DateTimeFormat (the first one costs a slow device hundreds of ms)', async () => {
    const DateTimeFormat = vi.spyOn(Intl, 'DateTimeFormat');
    renderApp('/referrals/000000070000');
    await screen.findByRole('heading', { level: 2, name: 'SMITH, Jane (Mrs)' });
    expect(screen.getByText(/^22 October 2010 \(\d+ years\)$/)).toBeInTheDocument();
    expect(DateTimeFormat).not.toHaveBeenCalled();
  });
});
