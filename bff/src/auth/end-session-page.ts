/**
 * The page that ends the CIS2 single sign-on session (`CIS2_LOGOUT=cis2`). CIS2 runs on PingAM,
 * whose end-session endpoint requires `id_token_hint`, so this is the one place an ID token
 * reaches the browser: in the body of a form the page POSTs to CIS2 at once (RP-Initiated
 * Logout 1.0 §2 allows POST). Never in a URL (so never in history, logs or a Referer), never
 * stored: the page is the answer to the sign-out POST, `no-store`, and submits itself with our
 * own external script, so the CSP stays without inline script. Only its `form-action` names
 * CIS2's origin (http/security-headers.ts).
 */
import { escapeHtml } from '../http/html';
import type { EndSessionRequest } from './cis2-client';

/** Outside /bff and /api: a `<script src>` carries no CSRF header. */
export const END_SESSION_SCRIPT_PATH = '/end-session.js';
export const END_SESSION_FORM_ID = 'cis2-end-session';

/** Submits the form once the page has loaded; the button is there when scripts are off. */
export const END_SESSION_SCRIPT = `document.getElementById(${JSON.stringify(END_SESSION_FORM_ID)}).submit();\n`;

export function endSessionPage(request: EndSessionRequest): string {
  const inputs = Object.entries(request.fields)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('\n      ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Signing out - NHS e-Referral Service</title>
    <script src="${END_SESSION_SCRIPT_PATH}" defer></script>
  </head>
  <body>
    <main>
      <h1>Signing out</h1>
      <p>You have been signed out of this service. Ending your NHS CIS2 session, which signs you out of other NHS CIS2 services on this device too.</p>
      <form id="${END_SESSION_FORM_ID}" method="post" action="${escapeHtml(request.action)}">
      ${inputs}
        <button type="submit">Continue</button>
      </form>
    </main>
  </body>
</html>
`;
}
