import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-error';

/** Retry only what might succeed next time: never a 4xx problem such as not found or signed out. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: shouldRetry,
      },
      mutations: { retry: false },
    },
  });
}

/** The app's one QueryClient: the provider and the route loaders share it. */
export const queryClient = createQueryClient();
