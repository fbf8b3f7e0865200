import type { Context, MiddlewareHandler } from 'hono';

/**
 * Sets headers on the finished response in place. `c.header()` after `await next()` makes Hono
 * copy the whole Response on every call, and the first copy turns a body it could have written
 * in one go into a stream. Hono's own secureHeaders middleware writes to `c.res.headers` the
 * same way. A response whose headers are immutable (`Response.redirect()`, a `fetch()` answer)
 * is copied once, as `c.header()` would have.
 */
export function setOnResponse(c: Context, set: (headers: Headers) => void): void {
  try {
    set(c.res.headers);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    c.res = new Response(c.res.body, c.res);
    set(c.res.headers);
  }
}

export type SecurityHeadersOptions = {
  /** Served over TLS: adds HSTS. */
  hsts: boolean;
  /**
   * The policy for files (responses with a Content-Disposition, see ers/file-response.ts):
   * they are documents from elsewhere, sandboxed rather than trusted as our own pages.
   */
  fileCsp: string;
};

/** Form targets besides our own origin, for one request's response (see allowFormActionTo). */
const extraFormActions = new WeakMap<Request, string>();

/**
 * Lets this one response submit a form to another origin (CSP `form-action`): the page that
 * posts the ID token to CIS2's end-session endpoint. Every other response keeps `'self'` only.
 */
export function allowFormActionTo(c: Context, origin: string): void {
  if (new URL(origin).origin !== origin) throw new TypeError(`not an origin: ${origin}`);
  extraFormActions.set(c.req.raw, origin);
}

function contentSecurityPolicy(formActionOrigin: string | undefined): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    formActionOrigin ? `form-action 'self' ${formActionOrigin}` : "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Headers for every response, HTML and API alike, each set once. The CSP allows only our own
 * scripts and styles (no inline script), no framing, no plugins, no <base> rewriting. A file
 * gets the file policy instead, and is never stored, whatever its route set.
 */
export function securityHeaders(options: SecurityHeadersOptions): MiddlewareHandler {
  const csp = contentSecurityPolicy(undefined);
  const always: [string, string][] = [
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'no-referrer'],
    ['X-Frame-Options', 'DENY'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
  ];
  if (options.hsts) {
    always.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  }

  return async function securityHeaders(c, next) {
    await next();
    setOnResponse(c, (headers) => {
      const file = headers.has('Content-Disposition');
      const formAction = extraFormActions.get(c.req.raw);
      const pageCsp = formAction ? contentSecurityPolicy(formAction) : csp;
      headers.set('Content-Security-Policy', file ? options.fileCsp : pageCsp);
      if (file) headers.set('Cache-Control', 'no-store');
      for (const [name, value] of always) headers.set(name, value);
    });
  };
}

/** Session and API responses are never stored by the browser or any cache between. */
export function noStore(): MiddlewareHandler {
  return async function noStore(c, next) {
    await next();
    setOnResponse(c, (headers) => {
      headers.set('Cache-Control', 'no-store');
      headers.set('Pragma', 'no-cache');
    });
  };
}
