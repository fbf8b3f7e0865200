import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';
import { referralSummary } from '@/testing/data';

/** Replaces the referral handler with one that records every hit. */
function spyOnReferralRequests() {
  const hit = vi.fn();
  server.use(
    http.get('/api/referrals/:ubrn', ({ params }) => {
      hit(params.ubrn);
      return HttpResponse.json(referralSummary);
    }),
  );
  return hit;
}

async function renderFindPage() {
  const app = renderApp('/referrals/find');
  await screen.findByRole('heading', { level: 1, name: 'Find a referral' });
  return app;
}

describe('find a referral', () => {
  it('shows the UBRN field as the NHS design system asks', async () => {
    await renderFindPage();
    const input = screen.getByLabelText('UBRN');
    expect(input).toHaveAttribute('id', 'ubrn');
    expect(input).toHaveAttribute('name', 'ubrn');
    expect(input).toHaveAttribute('inputmode', 'numeric');
    expect(input).toHaveAttribute('autocomplete', 'off');
    expect(input).toHaveAccessibleDescription(
      'The 12-digit unique booking reference number, for example 0000 0007 0000',
    );
    expect(screen.getByRole('button', { name: 'Find referral' })).toHaveAttribute('type', 'submit');
  });

  it.each([
    ['12345', 'UBRN must be 12 digits'],
    ['abc', 'UBRN must only include numbers 0 to 9'],
    ['', 'Enter a UBRN'],
  ])('refuses %j without asking the BFF', async (typed, message) => {
    const hit = spyOnReferralRequests();
    const { user, router } = await renderFindPage();

    if (typed) await user.type(screen.getByLabelText('UBRN'), typed);
    await user.click(screen.getByRole('button', { name: 'Find referral' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('There is a problem');
    expect(screen.getByRole('link', { name: message })).toHaveAttribute('href', '#ubrn');
    expect(document.activeElement).toHaveClass('nhsuk-error-summary');
    expect(document.querySelector('.nhsuk-error-message')).toHaveTextContent(`Error: ${message}`);
    expect(screen.getByLabelText('UBRN')).toHaveAccessibleDescription(
      expect.stringContaining(message),
    );
    expect(router.state.location.pathname).toBe('/referrals/find');
    expect(hit).not.toHaveBeenCalled();

    await user.click(screen.getByRole('link', { name: message }));
    expect(screen.getByLabelText('UBRN')).toHaveFocus();
  });

  it('accepts a UBRN grouped with spaces and opens the referral', async () => {
    const hit = spyOnReferralRequests();
    const { user, router } = await renderFindPage();

    await user.type(screen.getByLabelText('UBRN'), '0000 0007 0000');
    await user.click(screen.getByRole('button', { name: 'Find referral' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Referral 0000 0007 0000' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/referrals/000000070000');
    expect(hit).toHaveBeenCalledWith('000000070000');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it("moves focus to the new page's heading, so the keyboard and screen readers start there", async () => {
    spyOnReferralRequests();
    const { user } = await renderFindPage();
    // Nothing is focused on the first page: the browser starts at the top as usual.
    expect(document.activeElement).toBe(document.body);

    await user.type(screen.getByLabelText('UBRN'), '000000070000');
    await user.keyboard('{Enter}');

    const heading = await screen.findByRole('heading', {
      level: 1,
      name: 'Referral 0000 0007 0000',
    });
    expect(heading).toHaveFocus();

    await user.click(screen.getByRole('link', { name: 'Find another referral' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a referral' })).toHaveFocus();
  });
});
