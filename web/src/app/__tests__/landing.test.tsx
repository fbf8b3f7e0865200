import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiPaths, type ActingAs } from '@ers/shared/bff-contract';
import { choicesFor, signedOutUserHandler, statefulUserHandler } from '@/testing/handlers';
import { renderApp } from '@/testing/render-app';
import { server } from '@/testing/server';

const SIGN_IN = 'Sign in with NHS Care Identity Service 2';
const SLOW = { timeout: 5000 };

async function signInLink() {
  await screen.findByRole('heading', { level: 1, name: 'Sign in to view e-Referrals' });
  return screen.getByRole('link', { name: SIGN_IN });
}

describe('landing page', () => {
  it('offers sign-in returning here by default, to go on to the first page of the role chosen', async () => {
    server.use(signedOutUserHandler);
    renderApp('/');
    expect(await signInLink()).toHaveAttribute('href', '/bff/login?returnTo=%2F');
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
      expect(await signInLink()).toHaveAttribute('href', '/bff/login?returnTo=%2F');
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

  it('sends a signed-in user to the first place their role has: the worklists', async () => {
    const { router } = renderApp('/');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Worklists' }, SLOW),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toMatch(/^\/worklists\//);
  });

  it('lets the BFF choose how a newly signed-in user works, then starts there', async () => {
    const state: { actingAs: ActingAs | null } = { actingAs: null };
    server.use(
      statefulUserHandler(state),
      http.get(apiPaths.actingContext, () => {
        // The BFF chooses the one pair the CIS2 role suggests.
        state.actingAs = { odsCode: 'R69', businessFunction: 'REFERRING_CLINICIAN' };
        return HttpResponse.json(choicesFor(state.actingAs));
      }),
    );
    const { router } = renderApp('/');
    await screen.findByRole('heading', { level: 1, name: 'Worklists' }, SLOW);
    expect(router.state.location.pathname).toBe('/worklists/REJECTED_TRIAGE_RESPONSE');
  });

  it('asks how a user works when the BFF cannot choose, before the first page', async () => {
    server.use(
      statefulUserHandler({ actingAs: null }),
      http.get(apiPaths.actingContext, () => HttpResponse.json(choicesFor(null))),
    );
    const { router } = renderApp('/');
    await screen.findByRole('heading', { level: 1, name: 'Choose how you are working' }, SLOW);
    expect(router.state.location.pathname).toBe('/choose-context');
    expect(router.state.location.search).toBe('');
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
