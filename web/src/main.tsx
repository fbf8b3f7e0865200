// First: starts the first page's requests before React is evaluated (early.ts).
import './early';
// Next the app, whose router asks for the first route's chunks as it is created (app.tsx), before
// React DOM's renderer, a few hundred KB of script to evaluate, is initialised below.
import { App } from './app/app';
import { installBackForwardGuard } from './app/back-forward-guard';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
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
