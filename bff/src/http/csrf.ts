/**
 * CSRF by default (draft-ietf-oauth-browser-based-apps §6.1.3.3.2, Duende BFF's `X-CSRF: 1`):
 * every request the middleware guards must carry a custom header, which a cross-site page can
 * only send after a CORS preflight that we never answer. Unsafe requests that Fetch Metadata
 * marks as cross-site are refused outright (OWASP ASVS 5.0 3.5.3).
 *
 * A route is let through without the header only when it is on the exemption list its module
 * declares beside its routes, so a route added later is protected without any change here.
 */
import type { MiddlewareHandler } from 'hono';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@ers/shared/bff-contract';
import { AppError } from './app-error';

export type CsrfExemption =
  /**
   * A top-level navigation (sign-in, the CIS2 redirect back, the sign-out form), which cannot
   * carry a custom header. When the browser says what the request is for (Fetch Metadata
   * `Sec-Fetch-Dest`), it must say `document`: an `<img src>`, an iframe or a `fetch()` is not
   * exempt. Clients that send no Fetch Metadata (older browsers, other servers) are. A POST
   * navigation must also come from our own origin (`Sec-Fetch-Site: same-origin`, when sent).
   */
  | { kind: 'navigation'; method: 'GET' | 'POST'; path: string }
  /** A call from another server, e.g. CIS2's back-channel logout: it proves itself otherwise. */
  | { kind: 'server-to-server'; method: 'POST'; path: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type FetchMetadata = { dest: string | undefined; site: string | undefined };

function isExempt(
  exemption: CsrfExemption,
  method: string,
  { dest, site }: FetchMetadata,
): boolean {
  switch (exemption.kind) {
    case 'navigation': {
      const document = dest === undefined || dest === 'document';
      if (exemption.method === 'POST') {
        return method === 'POST' && document && (site === undefined || site === 'same-origin');
      }
      return (method === 'GET' || method === 'HEAD') && document;
    }
    case 'server-to-server':
      return method === exemption.method;
  }
}

export function requireCsrfHeader(options: {
  exempt: readonly CsrfExemption[];
}): MiddlewareHandler {
  const byPath = new Map<string, CsrfExemption[]>();
  for (const exemption of options.exempt) {
    if (!exemption.path.startsWith('/')) {
      throw new TypeError(`CSRF exemption path must be absolute: ${exemption.path}`);
    }
    byPath.set(exemption.path, [...(byPath.get(exemption.path) ?? []), exemption]);
  }

  return async function requireCsrfHeader(c, next) {
    const method = c.req.method;
    const exemptions = byPath.get(c.req.path);
    const metadata = { dest: c.req.header('sec-fetch-dest'), site: c.req.header('sec-fetch-site') };
    if (exemptions?.some((each) => isExempt(each, method, metadata))) {
      return next();
    }
    if (!SAFE_METHODS.has(method) && c.req.header('sec-fetch-site') === 'cross-site') {
      throw new AppError(403, 'cross_site_request', 'This request came from another site.');
    }
    if (c.req.header(CSRF_HEADER) !== CSRF_HEADER_VALUE) {
      throw new AppError(403, 'csrf_required', `The ${CSRF_HEADER} header is required.`);
    }
    await next();
  };
}
