/**
 * Serves the built SPA: files under the build directory (hashed assets cached for a year), and
 * index.html (never cached) at the root and for any other GET a browser navigates to, so
 * client-side routes survive a reload. Only regular files inside the build directory are ever read.
 *
 * The build writes a brotli (`.br`) and a gzip (`.gz`) copy beside each compressible file
 * (web/vite.config.ts): a file is served as the smallest of those the client accepts, compressed
 * once at build time rather than on every request.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { Hono } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import type { HttpEnv } from './http-env';

/** Precompressed copies the build writes, best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * The content codings an Accept-Encoding header allows (RFC 9110 section 12.5.3): listed with a
 * q-value above 0, or covered by `*`; `identity` is always acceptable and never needs asking for.
 */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  const refused = new Set<string>();
  let wildcard = false;
  for (const part of (header ?? '').split(',')) {
    const [coding = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (!coding) continue;
    const q = params.find((param) => param.startsWith('q='));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (coding === '*') wildcard = allowed;
    else (allowed ? accepted : refused).add(coding);
  }
  if (wildcard) for (const { name } of ENCODINGS) if (!refused.has(name)) accepted.add(name);
  return accepted;
}

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
        // The same URL answers differently by Accept-Encoding: caches must keep them apart.
        c.header('Vary', 'Accept-Encoding');
        const accepted = acceptedEncodings(c.req.header('accept-encoding'));
        for (const { name, suffix } of ENCODINGS) {
          if (!accepted.has(name)) continue;
          const compressed = await regularFile(path + suffix);
          if (!compressed) continue;
          const body = await readFile(compressed);
          c.header('Content-Encoding', name);
          c.header('Content-Length', String(body.byteLength));
          return c.body(body);
        }
        const body = await readFile(file);
        c.header('Content-Length', String(body.byteLength));
        return c.body(body);
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
