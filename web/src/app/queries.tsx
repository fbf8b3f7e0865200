import type { ComponentType } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { queryClient } from '@/lib/query-client';

/** A query cache, and a way to render a route's component inside its provider. */
export type Queries = {
  queryClient: QueryClient;
  withQueries: (Component: ComponentType) => ComponentType;
};

/**
 * Loaded with the first route module, not in the entry chunk (see router.tsx). Every route's
 * component gets the same provider around it; a nested route's provider inside its layout's
 * holds the same cache, so nothing is lost between them.
 */
export function queriesFor(queryClient: QueryClient): Queries {
  return {
    queryClient,
    withQueries: (Component) => {
      function WithQueries() {
        return (
          <QueryClientProvider client={queryClient}>
            <Component />
          </QueryClientProvider>
        );
      }
      WithQueries.displayName = `WithQueries(${Component.displayName ?? Component.name})`;
      return WithQueries;
    },
  };
}

/** The app's one cache (lib/query-client.ts). */
export const appQueries = queriesFor(queryClient);
