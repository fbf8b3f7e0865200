import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** The BFF serves the built SPA in production; in development Vite proxies to it instead. */
const BFF_ORIGIN = process.env.BFF_ORIGIN ?? 'http://localhost:3000';
const proxied = ['/bff', '/api', '/health', '/.well-known'];

export default defineConfig({
  plugins: [react()],
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
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup-tests.ts'],
    restoreMocks: true,
    testTimeout: 15_000,
  },
});
