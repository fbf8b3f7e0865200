/**
 * The first page's data, asked for before the app itself starts (lib/early-requests.ts).
 * main.tsx imports this first: modules run in import order, and this one needs nothing of
 * React, so the requests go out before React is initialised and the route's code is fetched
 * and evaluated, which on a slow device takes hundreds of milliseconds.
 */
import { startEarlyRequests } from './lib/early-requests';

// The UI-only demo answers the API from msw, which main.tsx starts: nothing can be asked earlier.
if (import.meta.env.MODE !== 'mock') startEarlyRequests(window.location.pathname);
