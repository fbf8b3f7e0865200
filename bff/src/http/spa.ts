/**
 * Serves the built SPA: hashed assets cached for a year, and index.html (never cached) for any
 * other GET that a browser navigates to, so client-side routes survive a reload.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppEnv } from './app-env';

export function spaRoutes(distDir: string) {
  const app = new Hono<AppEnv>();
  let indexHtml: Promise<string> | undefined;

  app.use(
    '/assets/*',
    serveStatic({
      root: distDir,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use('*', serveStatic({ root: distDir, index: '' }));

  app.get('*', async (c, next) => {
    if (!(c.req.header('accept') ?? '').includes('text/html')) return next();
    indexHtml ??= readFile(join(distDir, 'index.html'), 'utf8');
    c.header('Cache-Control', 'no-store');
    return c.html(await indexHtml);
  });

  return app;
}
