/**
 * Security headers, caching and CORS on every kind of response: HTML, API, session, errors.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBff, startLocalEnvironment, type LocalEnvironment } from './support/harness';

let env: LocalEnvironment;
const dist = join(tmpdir(), `ers-web-dist-${process.pid}`);

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>SPA</title>');
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
  env = await startLocalEnvironment({ logLevel: 'silent', webDistDir: dist });
});
afterAll(async () => {
  await env?.close();
});

const paths: Array<[string, RequestInit]> = [
  ['/', { headers: { accept: 'text/html' } }],
  ['/referrals/find', { headers: { accept: 'text/html' } }],
  ['/assets/app-abc123.js', {}],
  ['/bff/user', { headers: { 'X-CSRF': '1' } }],
  ['/api/referrals/000000070000', { headers: { 'X-CSRF': '1' } }],
  ['/api/unknown', { headers: { 'X-CSRF': '1' } }],
  ['/health/live', {}],
  ['/nothing-here', {}],
];

describe.each(paths)('%s', (path, init) => {
  it('carries the security headers', async () => {
    const response = await fetch(`${env.origin}${path}`, init);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    // Served over plain http locally: no HSTS (see the https case below).
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('sends no CORS headers, even to a cross-origin caller', async () => {
    const response = await fetch(`${env.origin}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), origin: 'https://evil.example' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('caching', () => {
  it.each(['/bff/user', '/api/referrals/000000070000', '/bff/logout'])(
    '%s is never stored',
    async (path) => {
      const response = await fetch(`${env.origin}${path}`, {
        method: path === '/bff/logout' ? 'POST' : 'GET',
        headers: { 'X-CSRF': '1' },
      });
      expect(response.headers.get('cache-control')).toBe('no-store');
    },
  );

  it('the SPA shell is never stored; hashed assets are immutable', async () => {
    const shell = await fetch(`${env.origin}/referrals/000000070000`, {
      headers: { accept: 'text/html' },
    });
    expect(shell.headers.get('cache-control')).toBe('no-store');
    const asset = await fetch(`${env.origin}/assets/app-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toContain('javascript');
  });

  it('serves the SPA at / to a client that accepts */* (a curl of the printed URL)', async () => {
    const response = await fetch(`${env.origin}/`, { headers: { accept: '*/*' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>SPA</title>');
  });

  it('answers a missing file 404, not the SPA, to a client that does not ask for HTML', async () => {
    const response = await fetch(`${env.origin}/assets/missing-chunk.js`, {
      headers: { accept: '*/*' },
    });
    expect(response.status).toBe(404);
  });

  it('never serves files outside the build', async () => {
    for (const path of ['/assets/..%2f..%2fpackage.json', '/..%2fpackage.json', '/assets']) {
      const response = await fetch(`${env.origin}${path}`);
      expect(response.status).toBe(404);
    }
  });
});

describe('preflight', () => {
  it('is not answered with permission', async () => {
    const response = await fetch(`${env.origin}/api/referrals/000000070000`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-csrf',
      },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
  });
});

describe('over TLS', () => {
  it('adds HSTS for a year with subdomains', async () => {
    // Published on https (testConfig), never reaching CIS2: the headers need no sign-in.
    const { app } = await startBff();
    const response = await app.request('/health/live');
    expect(response.headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
  });
});
