import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render-app';

describe('sign-in problem page', () => {
  it.each([
    ['no_roles', 'You do not have a role that can use e-Referrals', 'Registration Authority'],
    [
      'low_identity_assurance',
      'We could not verify your identity to the level e-Referrals needs',
      'Registration Authority',
    ],
    ['low_authentication_assurance', 'Use a different way to sign in', 'smartcard'],
  ])('explains %s and what to do', async (reason, heading, advice) => {
    renderApp(`/sign-in-problem?reason=${reason}`);
    expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeInTheDocument();
    expect(screen.getByText(new RegExp(advice))).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in again' })).toHaveAttribute('href', '/');
  });

  it('treats an unknown reason as an unfinished sign-in, not as an error page', async () => {
    renderApp('/sign-in-problem?reason=<script>');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Your sign-in did not finish' }),
    ).toBeInTheDocument();
  });
});
