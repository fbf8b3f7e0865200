import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { queriesFor } from '@/app/queries';
import { createRoutes } from '@/app/router';

/** Mounts the real routes at `path`, with a fresh cache that does not retry. */
export function renderApp(path: string) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: 30_000 }, mutations: { retry: false } },
  });
  const queries = queriesFor(queryClient);
  const router = createMemoryRouter(
    createRoutes(async () => queries),
    { initialEntries: [path] },
  );
  const user = userEvent.setup();
  const view = render(<RouterProvider router={router} />);
  return { ...view, router, queryClient, user };
}
