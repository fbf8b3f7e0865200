import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, type RouteObject } from 'react-router';
import type { SESSION_CONFLICT_PATH, SESSION_ENDED_PATH } from '@ers/shared/bff-contract';
import { LoadingPage } from '@/components/page-layout';
import { PageRouteError, RouteError } from '@/components/route-error';
import { RootLayout } from './root-layout';

// The contract's paths, checked against it by type only: importing the contract's values here
// would put its zod schemas into the entry chunk (see scripts/web-budgets.mjs).
const SESSION_ENDED: typeof SESSION_ENDED_PATH = '/session-ended';
const SESSION_CONFLICT: typeof SESSION_CONFLICT_PATH = '/session-conflict';

/**
 * The app's routes. Route modules load lazily; loaders get the shared QueryClient so they can
 * prefetch what the components then read with `useSuspenseQuery`. Exported so tests can mount
 * the same routes in a memory router.
 */
export function createRoutes(queryClient: QueryClient): RouteObject[] {
  return [
    {
      id: 'root',
      Component: RootLayout,
      HydrateFallback: LoadingPage,
      ErrorBoundary: PageRouteError,
      children: [
        {
          index: true,
          ErrorBoundary: PageRouteError,
          lazy: async () => {
            const { Component, createLoader } = await import('./routes/landing');
            return { Component, loader: createLoader(queryClient) };
          },
        },
        {
          path: 'signed-out',
          ErrorBoundary: PageRouteError,
          lazy: async () => {
            const { Component } = await import('./routes/signed-out');
            return { Component };
          },
        },
        {
          path: 'sign-in-problem',
          ErrorBoundary: PageRouteError,
          lazy: async () => {
            const { Component } = await import('./routes/sign-in-problem');
            return { Component };
          },
        },
        {
          path: SESSION_ENDED.slice(1),
          ErrorBoundary: PageRouteError,
          lazy: async () => {
            const { Component } = await import('./routes/session-ended');
            return { Component };
          },
        },
        {
          path: SESSION_CONFLICT.slice(1),
          ErrorBoundary: PageRouteError,
          lazy: async () => {
            const { Component } = await import('./routes/session-conflict');
            return { Component };
          },
        },
        {
          id: 'signed-in',
          ErrorBoundary: PageRouteError,
          lazy: async () => {
            const { Component, createLoader } = await import('./routes/signed-in-layout');
            return { Component, loader: createLoader(queryClient) };
          },
          children: [
            {
              path: 'choose-context',
              lazy: async () => {
                const { Component, ErrorBoundary, createLoader } =
                  await import('./routes/choose-context');
                return { Component, ErrorBoundary, loader: createLoader(queryClient) };
              },
            },
            {
              path: 'worklists/:listType?',
              lazy: async () => {
                const { Component, ErrorBoundary, createLoader } =
                  await import('./routes/worklists');
                return { Component, ErrorBoundary, loader: createLoader(queryClient) };
              },
            },
            {
              path: 'referrals/find',
              ErrorBoundary: RouteError,
              lazy: async () => {
                const { Component } = await import('./routes/find-referral');
                return { Component };
              },
            },
            {
              path: 'referrals/:ubrn',
              lazy: async () => {
                const { Component, ErrorBoundary, createLoader } =
                  await import('./routes/referral');
                return { Component, ErrorBoundary, loader: createLoader(queryClient) };
              },
            },
          ],
        },
        // The demo's sign-in page, in Vite mode `mock` only: `MODE` is replaced at build time, so
        // any other build has neither the route nor the module.
        ...(import.meta.env.MODE === 'mock'
          ? [
              {
                path: 'demo-sign-in',
                ErrorBoundary: PageRouteError,
                lazy: () => import('../testing/demo-sign-in-page'),
              },
            ]
          : []),
        {
          path: '*',
          ErrorBoundary: PageRouteError,
          lazy: async () => {
            const { Component } = await import('./routes/not-found');
            return { Component };
          },
        },
      ],
    },
  ];
}

export function createRouter(queryClient: QueryClient) {
  return createBrowserRouter(createRoutes(queryClient));
}
