import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render-app';

const RETURN_TO = encodeURIComponent('/referrals/000000070000');

describe('session ended page', () => {
  it.each([
    ['idle', 'You were signed out because you were inactive', 'have not used e-Referrals'],
    ['absolute', 'Your session has reached its time limit', 'for a set time'],
    ['replaced', 'You signed in somewhere else', 'one place at a time'],
    ['signed_out_elsewhere', 'You have been signed out', 'NHS Care Identity Service 2'],
    ['restarted', 'Your session ended because the service restarted', 'was restarted'],
  ])('explains reason=%s', async (reason, heading, explanation) => {
    renderApp(`/session-ended?reason=${reason}&returnTo=${RETURN_TO}`);
    expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeInTheDocument();
    expect(screen.getByText(explanation, { exact: false })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in again' })).toHaveAttribute(
      'href',
      `/?returnTo=${RETURN_TO}`,
    );
    expect(document.title).toBe(`${heading} - e-Referrals`);
    // Not signed in: no account area in the header.
    expect(screen.queryByRole('navigation', { name: 'Account' })).not.toBeInTheDocument();
  });

  it('says the session ended when the reason is unknown', async () => {
    renderApp('/session-ended?reason=nope');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'You have been signed out' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Your session has ended.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in again' })).toHaveAttribute('href', '/');
  });

  it.each(['//evil.example/x', 'https://evil.example/', '/a b'])(
    'ignores the unsafe returnTo %s',
    async (returnTo) => {
      renderApp(`/session-ended?reason=idle&returnTo=${encodeURIComponent(returnTo)}`);
      await screen.findByRole('heading', { level: 1 });
      expect(screen.getByRole('link', { name: 'Sign in again' })).toHaveAttribute('href', '/');
    },
  );
});
