import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { signedOutUserHandler } from '@/testing/handlers';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';

const SIGN_IN = 'Sign in with NHS Care Identity Service 2';

async function signInLink() {
  await screen.findByRole('heading', { level: 1, name: 'Sign in to view e-Referrals' });
  return screen.getByRole('link', { name: SIGN_IN });
}

describe('landing page', () => {
  it('offers sign-in returning to the find page by default', async () => {
    server.use(signedOutUserHandler);
    renderApp('/');
    expect(await signInLink()).toHaveAttribute('href', '/bff/login?returnTo=%2Freferrals%2Ffind');
  });

  it('returns the user to the page they asked for', async () => {
    server.use(signedOutUserHandler);
    renderApp(`/?returnTo=${encodeURIComponent('/referrals/000000070000?tab=1')}`);
    expect(await signInLink()).toHaveAttribute(
      'href',
      '/bff/login?returnTo=%2Freferrals%2F000000070000%3Ftab%3D1',
    );
  });

  it.each(['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'referrals'])(
    'ignores the unsafe returnTo %s',
    async (returnTo) => {
      server.use(signedOutUserHandler);
      renderApp(`/?returnTo=${encodeURIComponent(returnTo)}`);
      expect(await signInLink()).toHaveAttribute('href', '/bff/login?returnTo=%2Freferrals%2Ffind');
    },
  );

  it('sends a signed-out user from a signed-in page to sign in, remembering the page', async () => {
    server.use(signedOutUserHandler);
    const { router } = renderApp('/referrals/000000070000');
    expect(await signInLink()).toHaveAttribute(
      'href',
      '/bff/login?returnTo=%2Freferrals%2F000000070000',
    );
    expect(router.state.location.pathname).toBe('/');
    expect(router.state.location.search).toBe('?returnTo=%2Freferrals%2F000000070000');
  });

  it('sends a signed-in user straight to the find page', async () => {
    const { router } = renderApp('/');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Find a referral' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/referrals/find');
  });
});

describe('other pages', () => {
  it('shows the signed-out page with a way back in', async () => {
    renderApp('/signed-out');
    await screen.findByRole('heading', { level: 1, name: 'You have signed out' });
    expect(screen.getByRole('link', { name: 'Sign in again' })).toHaveAttribute('href', '/');
  });

  it('shows page not found for an unknown route', async () => {
    renderApp('/no/such/page');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Page not found' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the start page' })).toHaveAttribute('href', '/');
  });
});
