import { RouterProvider } from 'react-router';
import { createRouter } from './router';

// The app's one query cache, loaded beside the first route rather than in the entry chunk.
const router = createRouter(async () => (await import('./queries')).appQueries);

export function App() {
  return <RouterProvider router={router} />;
}
