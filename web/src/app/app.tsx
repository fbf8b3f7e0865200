import { RouterProvider } from 'react-router';
import { queryClient } from '@/lib/query-client';
import { AppProvider } from './provider';
import { createRouter } from './router';

const router = createRouter(queryClient);

export function App() {
  return (
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>
  );
}
