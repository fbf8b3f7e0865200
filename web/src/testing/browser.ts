/**
 * The UI-only demo (`dev:mock`, Vite mode `mock`): the msw worker answers the BFF's API in the
 * browser with the same handlers the component tests use. Loaded only when
 * `import.meta.env.MODE === 'mock'`, so a production build has none of it.
 */
import { setupWorker } from 'msw/browser';
import type { ActingAs } from '@ers/shared/bff-contract';
import { signedInUser } from './data';
import {
  actingContextHandlers,
  ersHandlers,
  logoutHandler,
  statefulUserHandler,
  takeoverHandler,
} from './handlers';

export async function startMockWorker(): Promise<void> {
  // The acting context chosen on /choose-context is kept here, as the BFF keeps it in the session.
  const state: { actingAs: ActingAs | null } = { actingAs: signedInUser.user.actingAs };
  const worker = setupWorker(
    statefulUserHandler(state),
    logoutHandler,
    takeoverHandler,
    ...ersHandlers,
    ...actingContextHandlers(state),
  );
  await worker.start({ onUnhandledRequest: 'bypass' });
}
