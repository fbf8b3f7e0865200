/**
 * The UI-only demo (`dev:mock`, Vite mode `mock`): the msw worker answers every `/bff` and `/api`
 * call the SPA makes in the browser, from the demo's session (`demo-session.ts`) and the fixtures
 * the stand-ins serve. Loaded only when `import.meta.env.MODE === 'mock'`, so a production build
 * has none of it.
 */
import { setupWorker } from 'msw/browser';
import { demoHandlers } from './demo-handlers';
import { DemoSession } from './demo-session';

export async function startMockWorker(): Promise<void> {
  const worker = setupWorker(...demoHandlers(new DemoSession(window.sessionStorage)));
  await worker.start({ onUnhandledRequest: 'bypass' });
}
