import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** The BFF serves the built SPA in production; in development Vite proxies to it instead. */
const BFF_ORIGIN = process.env.BFF_ORIGIN ?? 'http://localhost:3000';
const proxied = ['/bff', '/api', '/health', '/.well-known'];

/** The app's code, not a route module's own: what the `app` chunk may take (see `build`). */
const SHARED_APP_CODE = /[\\/](?:shared[\\/]src|web[\\/]src[\\/](?!app[\\/]routes[\\/]))/;

/**
 * The entry's modules: main.tsx and what it imports statically (the route error pages among them,
 * so a failed chunk can still explain itself). A group must not take them, or the entry would
 * import the group's chunk statically and all of it would be initial JS (scripts/web-budgets.mjs
 * fails the build then): a module the entry comes to import belongs here.
 */
const ENTRY_MODULES =
  /[\\/]web[\\/]src[\\/](?:main|early|app[\\/](?:app|router|root-layout|back-forward-guard)|components[\\/](?:page-layout|route-error|problem-message)|lib[\\/](?:api-error|early-requests|browser-location))\.tsx?$/;

/**
 * V8's explicit compile hint (v8.dev/blog/explicit-compile-hints, Chrome and Edge 136+; other
 * engines read it as a comment): every function in the file is compiled while the file is
 * streamed in, off the main thread, instead of one by one on the main thread when first called.
 * Worth it only where nearly every function runs on the first page: the `framework` chunk (React
 * DOM's renderer and React Router), whose lazy compilation was a large part of the main thread's
 * time before a referral is drawn. Not the zod or app chunks: much of them never runs on a page
 * load, and hinting them measured no faster. scripts/web-budgets.mjs checks the hint is there.
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
const EAGERLY_COMPILED_CHUNKS = new Set(['framework']);

/** What is worth compressing: text. index.html is left out, the BFF sends it itself. */
const COMPRESSIBLE = /\.(js|css|svg|json|webmanifest)$/;

/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside each compressible file of the build, at
 * the highest levels (they are made once), for the BFF to send by Accept-Encoding
 * (bff/src/http/spa.ts). Node's own zlib: no dependency. A copy that would not be smaller is
 * not written.
 */
function precompress(): Plugin {
  return {
    name: 'ers:precompress',
    apply: 'build',
    async writeBundle({ dir }, bundle) {
      if (!dir) return;
      for (const fileName of Object.keys(bundle)) {
        if (!COMPRESSIBLE.test(fileName)) continue;
        const file = join(dir, fileName);
        const source = await readFile(file);
        const copies = {
          br: brotliCompressSync(source, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: source.byteLength,
            },
          }),
          gz: gzipSync(source, { level: constants.Z_BEST_COMPRESSION }),
        };
        for (const [suffix, copy] of Object.entries(copies)) {
          if (copy.byteLength < source.byteLength) await writeFile(`${file}.${suffix}`, copy);
        }
      }
    },
  };
}

/**
 * React Router's production build in production. The package's `exports` name only its
 * development build, whose dev-only warnings and error-page hints stay in the bundle (and can
 * log in production): remix-run/react-router#12532 and #14102. The production build is the
 * same code with `ENABLE_DEV_WARNINGS = false`, so the minifier drops them. Tests and `vite dev`
 * keep the development build and its warnings.
 */
function reactRouterProductionBuild(): Plugin {
  const production = fileURLToPath(
    new URL('./node_modules/react-router/dist/production/index.mjs', import.meta.url),
  );
  return {
    name: 'ers:react-router-production-build',
    apply: 'build',
    config: () => ({ resolve: { alias: [{ find: /^react-router$/, replacement: production }] } }),
  };
}

/**
 * msw's service worker (`public/mockServiceWorker.js`) is for the UI-only demo (`dev:mock`) alone:
 * a production build would otherwise ship it from `public/` beside the app, where anything on the
 * origin could register a worker that answers the app's requests.
 */
function withoutMockServiceWorker(): Plugin {
  return {
    name: 'ers:without-mock-service-worker',
    apply: (_config, { command, mode }) => command === 'build' && mode !== 'mock',
    // After Vite has copied public/ into the output directory.
    async writeBundle({ dir }) {
      if (dir) await rm(join(dir, 'mockServiceWorker.js'), { force: true });
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress(), reactRouterProductionBuild(), withoutMockServiceWorker()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // nhsuk-frontend's Sass points its icons at this prefix (see src/styles/main.scss).
      '@nhsuk-frontend-images': fileURLToPath(
        new URL('./node_modules/nhsuk-frontend/dist/nhsuk/assets/images', import.meta.url),
      ),
    },
  },
  css: {
    preprocessorOptions: {
      scss: {
        // nhsuk-frontend's own deprecation warnings are not ours to fix.
        quietDeps: true,
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: BFF_ORIGIN, xfwd: true }])),
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    // Emit icons as files rather than data: URIs, so the BFF's CSP can stay at img-src 'self'.
    assetsInlineLimit: 0,
    // The polyfill is for browsers without <link rel="modulepreload">; every browser this app
    // supports has it (Safari since 17), and one without it would still load the same modules.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // Rolldown's slow-plugin report names Sass compiling nhsuk-frontend at every build: not
      // ours to speed up, and a dump in every `npm start`. `vite build --profile` still profiles.
      checks: { bundlerTimings: false },
      output: {
        // After minification, which would drop it as a comment; the source map is shifted to match.
        postBanner: (chunk) => (EAGERLY_COMPILED_CHUNKS.has(chunk.name) ? COMPILE_HINT : ''),
        codeSplitting: {
          groups: [
            // React, React DOM and React Router: what every page needs, in one chunk that
            // compresses better than three and keeps its hash while the app's code changes.
            {
              name: 'framework',
              test: /node_modules[\\/]\.pnpm[\\/](react|react-dom|scheduler|react-router)@/,
            },
            // TanStack Query, which the first page does not need (app/router.tsx): one lazy chunk
            // rather than a handful of small ones.
            { name: 'query', test: /node_modules[\\/]\.pnpm[\\/]@tanstack\+/ },
            // The app's own modules that more than one route needs (features' api and parts,
            // lib, the contract): one chunk that a route's first visit fetches beside its own,
            // rather than a dozen small ones queueing for HTTP/1.1's six connections. Only those
            // modules: what they import (zod, TanStack Query, the entry's modules) stays in the
            // chunks it is in, which the app chunk imports and none of which imports it back.
            {
              name: 'app',
              test: (id) => SHARED_APP_CODE.test(id) && !ENTRY_MODULES.test(id),
              minShareCount: 2,
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup-tests.ts'],
    restoreMocks: true,
    testTimeout: 15_000,
  },
});
