/**
 * Serves the built SPA: files under the build directory (hashed assets cached for a year), and
 * index.html (never cached) at the root and for any other GET a browser navigates to, so
 * client-side routes survive a reload. Only regular files inside the build directory are ever read.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { Hono } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import type { HttpEnv } from './http-env';

export function spaRoutes(
  distDir: string,
  /** Paths that are never the SPA's, even for a browser asking for HTML. */
  options: { reserved: readonly string[] } = { reserved: ['/api/', '/bff/'] },
) {
  const app = new Hono<HttpEnv>();
  const root = normalize(distDir + sep);
  let indexHtml: Promise<string> | undefined;

  async function regularFile(requestPath: string): Promise<string | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(requestPath);
    } catch {
      return null;
    }
    if (decoded.includes('\0')) return null;
    const candidate = normalize(join(root, decoded));
    if (!candidate.startsWith(root)) return null;
    const info = await stat(candidate).catch(() => null);
    return info?.isFile() ? candidate : null;
  }

  app.get('*', async (c, next) => {
    const path = c.req.path;
    if (options.reserved.some((prefix) => path.startsWith(prefix))) return next();
    if (path !== '/' && path !== '/index.html') {
      const file = await regularFile(path);
      if (file) {
        c.header('Content-Type', getMimeType(file) ?? 'application/octet-stream');
        c.header(
          'Cache-Control',
          path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
        return c.body(await readFile(file));
      }
    }
    // The root is always the app, whatever the client accepts (`curl` sends `*/*`); elsewhere
    // only a browser navigation gets the shell, so a missing script or image stays a 404.
    const isRoot = path === '/' || path === '/index.html';
    if (!isRoot && !(c.req.header('accept') ?? '').includes('text/html')) return next();
    indexHtml ??= readFile(join(root, 'index.html'), 'utf8');
    c.header('Cache-Control', 'no-store');
    return c.html(await indexHtml);
  });

  return app;
}
