// First: starts the first page's requests before React is evaluated (early.ts).
import './early';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { installBackForwardGuard } from './app/back-forward-guard';
import './styles/main.scss';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

installBackForwardGuard();

// The UI-only demo: msw answers the BFF's API in the browser. `MODE` is replaced at build time,
// so in any other build this branch, and msw with it, is removed.
if (import.meta.env.MODE === 'mock') {
  const { startMockWorker } = await import('./testing/browser');
  await startMockWorker();
}

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
