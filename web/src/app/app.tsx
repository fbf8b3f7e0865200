import { RouterProvider } from 'react-router';
import { createRouter } from './router';

// The app's one query cache, loaded beside the first route rather than in the entry chunk.
const router = createRouter(async () => (await import('./queries')).appQueries);

/**
 * Settles once the first page's route modules and loaders have (a redirect followed, an error
 * caught by its boundary): then the first render draws that page, not the loading page.
 */
export function firstPageReady(): Promise<void> {
  if (router.state.initialized) return Promise.resolve();
  return new Promise((resolve) => {
    const unsubscribe = router.subscribe((state) => {
      if (!state.initialized) return;
      unsubscribe();
      resolve();
    });
  });
}

export function App() {
  return <RouterProvider router={router} />;
}
