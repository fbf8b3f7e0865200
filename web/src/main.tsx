import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { installBackForwardGuard } from './app/back-forward-guard';
import './styles/main.scss';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

installBackForwardGuard();

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
