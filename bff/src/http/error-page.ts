/**
 * What a browser navigation (the sign-in, CIS2's redirect back, the sign-out form) gets when
 * something fails on our side: a page a person can read, with the correlation id support asks
 * for, instead of problem JSON shown raw. Written here rather than by the SPA because the failure
 * may be the one the SPA would need to show anything (the session store). No script, no style:
 * it stands under the same CSP as every page.
 */
import type { Context } from 'hono';
import type { AppError } from './app-error';
import { escapeHtml } from './html';
import type { HttpEnv } from './http-env';

/**
 * Fetch Metadata says so (`Sec-Fetch-Mode: navigate`); a browser that sends none still asks for
 * HTML in `Accept`, which neither the SPA's `fetch()` nor a server does.
 */
export function isNavigation<E extends HttpEnv>(c: Context<E>): boolean {
  const mode = c.req.header('sec-fetch-mode');
  if (mode !== undefined) return mode === 'navigate';
  return (c.req.header('accept') ?? '').includes('text/html');
}

const HEADINGS: Partial<Record<number, string>> = {
  503: 'Sorry, the service is unavailable',
};

export function errorPage<E extends HttpEnv>(c: Context<E>, error: AppError): Response {
  const heading = HEADINGS[error.status] ?? 'Sorry, there is a problem with the service';
  const correlationId = c.get('correlationId');
  c.header('Cache-Control', 'no-store');
  return c.html(
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(heading)} - NHS e-Referral Service</title>
  </head>
  <body>
    <main>
      <h1>${escapeHtml(heading)}</h1>
      <p>${escapeHtml(error.detail)}</p>
      ${correlationId ? `<p>Correlation ID: ${escapeHtml(correlationId)}</p>` : ''}
      <p><a href="/">Go to the start page</a></p>
    </main>
  </body>
</html>
`,
    error.status,
  );
}
