import { RouterProvider } from 'react-router';
import { createRouter } from './router';

// The app's one query cache, loaded beside the first route rather than in the entry chunk.
const router = createRouter(async () => {
  const [{ queriesFor }, { queryClient }] = await Promise.all([
    import('./queries'),
    import('@/lib/query-client'),
  ]);
  return queriesFor(queryClient);
});

export function App() {
  return <RouterProvider router={router} />;
}
