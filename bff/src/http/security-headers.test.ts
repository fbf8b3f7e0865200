/**
 * The security headers land on the response the route made, once each, without Hono copying
 * it; a file keeps its own type and name and gets the file policy; a response whose headers
 * are immutable still gets them.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { allowFormActionTo, noStore, securityHeaders } from './security-headers';

const FILE_CSP = "sandbox; default-src 'none'";
/** Exactly these values: a header set twice would read "value, value". */
const ALWAYS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};

function appWith(route: (app: Hono) => void) {
  const app = new Hono();
  app.use(securityHeaders({ hsts: true, fileCsp: FILE_CSP }));
  app.use('/api/*', noStore());
  route(app);
  return app;
}

describe('securityHeaders', () => {
  it('lets one response post a form to another origin, and no other response', async () => {
    const cis2 = 'https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk';
    const app = appWith((app) => {
      app.get('/page', (c) => {
        allowFormActionTo(c, cis2);
        return c.html('<form></form>');
      });
      app.get('/other', (c) => c.html('<p></p>'));
    });
    const page = (await app.request('/page')).headers.get('content-security-policy') ?? '';
    const other = (await app.request('/other')).headers.get('content-security-policy') ?? '';
    expect(page).toContain(`; form-action 'self' ${cis2}; `);
    expect(other).toContain("; form-action 'self'; ");
    // Only form-action differs.
    expect(page.replace(` ${cis2}`, '')).toBe(other);
    expect(() => allowFormActionTo({} as never, `${cis2}/path; script-src *`)).toThrow();
  });

  it('sets each header once, on the very response the route returned', async () => {
    let made: Response | undefined;
    const app = appWith((app) =>
      app.get('/api/thing', (c) => {
        made = c.json({ ok: true });
        return made;
      }),
    );
    const response = await app.request('/api/thing');
    expect(response).toBe(made);
    for (const [name, value] of Object.entries(ALWAYS)) {
      expect(response.headers.get(name), name).toBe(value);
    }
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self'; [^,]*$/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ ok: true });
  });

  it('gives a streamed file the file policy and keeps its own type, name and caching', async () => {
    const app = appWith((app) =>
      app.get('/api/file', (c) =>
        c.body(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('%PDF-1.4'));
              controller.close();
            },
          }),
          200,
          {
            'Content-Type': 'application/pdf',
            'Content-Disposition': 'inline; filename="letter.pdf"',
            'Content-Security-Policy': FILE_CSP,
            'Cache-Control': 'no-store',
          },
        ),
      ),
    );
    const response = await app.request('/api/file');
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('inline; filename="letter.pdf"');
    expect(response.headers.get('content-security-policy')).toBe(FILE_CSP);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('%PDF-1.4');
  });

  it('sandboxes anything with a Content-Disposition, even where the route forgot to', async () => {
    const app = appWith((app) =>
      app.get('/download', (c) =>
        c.body('<script>alert(1)</script>', 200, {
          'Content-Type': 'text/html',
          'Content-Disposition': 'attachment; filename="x.html"',
          'Cache-Control': 'public, max-age=600',
        }),
      ),
    );
    const response = await app.request('/download');
    expect(response.headers.get('content-security-policy')).toBe(FILE_CSP);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('leaves the caching of other responses to their route', async () => {
    const app = appWith((app) =>
      app.get('/.well-known/jwks.json', (c) => {
        c.header('Cache-Control', 'public, max-age=300');
        return c.json({ keys: [] });
      }),
    );
    const response = await app.request('/.well-known/jwks.json');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('copies a response whose headers are immutable, once, and sets them there', async () => {
    const app = appWith((app) =>
      app.get('/api/elsewhere', () => Response.redirect('https://example.org/', 302)),
    );
    const response = await app.request('/api/elsewhere');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://example.org/');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('sets them on errors and on what no route answered', async () => {
    const app = appWith((app) => {
      app.get('/boom', () => {
        throw new Error('boom');
      });
      app.onError((_error, c) => c.json({ code: 'internal_error' }, 500));
    });
    for (const path of ['/boom', '/nowhere']) {
      const response = await app.request(path);
      expect(response.headers.get('content-security-policy'), path).toContain(
        "frame-ancestors 'none'",
      );
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});
