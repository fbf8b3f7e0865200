import type { ComponentType } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, type LoaderFunction, type RouteObject } from 'react-router';
import type { SESSION_CONFLICT_PATH, SESSION_ENDED_PATH } from '@ers/shared/bff-contract';
import { LoadingPage } from '@/components/page-layout';
import { PageRouteError, RouteError } from '@/components/route-error';
import type { Queries } from './queries';
import { RootLayout } from './root-layout';

// The contract's paths, checked against it by type only: importing the contract's values here
// would put its zod schemas into the entry chunk (see scripts/web-budgets.mjs).
const SESSION_ENDED: typeof SESSION_ENDED_PATH = '/session-ended';
const SESSION_CONFLICT: typeof SESSION_CONFLICT_PATH = '/session-conflict';

/** What a route module in ./routes exports. */
type RouteModule = {
  Component: ComponentType;
  ErrorBoundary?: ComponentType;
  createLoader?: (queryClient: QueryClient) => LoaderFunction;
};

/**
 * A route module loaded on first visit, together with the query cache (TanStack Query is not in
 * the entry chunk: the first paint, the loading page, needs none of it). Its components are
 * rendered inside the cache's provider, and its loader gets the cache.
 */
function lazyRoute(loadQueries: () => Promise<Queries>, load: () => Promise<RouteModule>) {
  return async () => {
    const [{ Component, ErrorBoundary, createLoader }, { queryClient, withQueries }] =
      await Promise.all([load(), loadQueries()]);
    return {
      Component: withQueries(Component),
      ...(ErrorBoundary ? { ErrorBoundary: withQueries(ErrorBoundary) } : {}),
      ...(createLoader ? { loader: createLoader(queryClient) } : {}),
    };
  };
}

/**
 * The app's routes. Route modules load lazily; loaders get the shared QueryClient so they can
 * prefetch what the components then read with `useSuspenseQuery`. Exported so tests can mount
 * the same routes in a memory router, with a cache of their own.
 */
export function createRoutes(loadQueries: () => Promise<Queries>): RouteObject[] {
  const lazy = (load: () => Promise<RouteModule>) => lazyRoute(loadQueries, load);
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
          lazy: lazy(() => import('./routes/landing')),
        },
        {
          path: 'signed-out',
          ErrorBoundary: PageRouteError,
          lazy: lazy(() => import('./routes/signed-out')),
        },
        {
          path: 'sign-in-problem',
          ErrorBoundary: PageRouteError,
          lazy: lazy(() => import('./routes/sign-in-problem')),
        },
        {
          path: SESSION_ENDED.slice(1),
          ErrorBoundary: PageRouteError,
          lazy: lazy(() => import('./routes/session-ended')),
        },
        {
          path: SESSION_CONFLICT.slice(1),
          ErrorBoundary: PageRouteError,
          lazy: lazy(() => import('./routes/session-conflict')),
        },
        {
          id: 'signed-in',
          ErrorBoundary: PageRouteError,
          lazy: lazy(() => import('./routes/signed-in-layout')),
          children: [
            {
              path: 'choose-context',
              lazy: lazy(() => import('./routes/choose-context')),
            },
            {
              path: 'worklists/:listType?',
              lazy: lazy(() => import('./routes/worklists')),
            },
            {
              path: 'referrals/find',
              ErrorBoundary: RouteError,
              lazy: lazy(() => import('./routes/find-referral')),
            },
            {
              path: 'referrals/:ubrn',
              lazy: lazy(() => import('./routes/referral')),
            },
            {
              path: 'referrals/:ubrn/services/:serviceId',
              lazy: lazy(() => import('./routes/healthcare-service')),
            },
            {
              path: 'advice-and-guidance',
              lazy: lazy(() => import('./routes/advice-and-guidance')),
            },
            {
              path: 'advice-and-guidance/:ubrn',
              lazy: lazy(() => import('./routes/advice-request')),
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
          lazy: lazy(() => import('./routes/not-found')),
        },
      ],
    },
  ];
}

export function createRouter(loadQueries: () => Promise<Queries>) {
  return createBrowserRouter(createRoutes(loadQueries));
}
