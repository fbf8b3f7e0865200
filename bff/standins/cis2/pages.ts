/** The stand-in's sign-in pages: plain HTML forms, styled just enough to read. */
import { escapeHtml } from '../lib/http';
import { displayName, type Persona } from '../personas';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - NHS CIS2 (local stand-in)</title>
<style>
body{font-family:Arial,sans-serif;margin:0;background:#f0f4f5;color:#212b32}
header{background:#005eb8;color:#fff;padding:16px 24px;font-weight:bold}
main{max-width:720px;margin:24px auto;padding:0 16px}
.card{background:#fff;border:1px solid #d8dde0;padding:16px;margin-bottom:12px}
button{background:#007f3b;color:#fff;border:0;padding:12px 16px;font-size:16px;min-height:44px;cursor:pointer}
.error{border-left:4px solid #d5281b;padding-left:12px;color:#d5281b}
label{display:block;padding:8px 0;min-height:44px}
</style></head>
<body><header>NHS Care Identity Service 2 &mdash; local stand-in</header><main>${body}</main></body></html>`;
}

export function personaPickerPage(base: string, personas: Persona[], error?: string): string {
  const cards = personas
    .map(
      (persona) => `<form class="card" method="post" action="${escapeHtml(base)}/login">
  <input type="hidden" name="uid" value="${escapeHtml(persona.uid)}">
  <p><strong>${escapeHtml(displayName(persona))}</strong> (${escapeHtml(persona.uid)})<br>${escapeHtml(persona.summary)}</p>
  <button type="submit">Sign in as ${escapeHtml(displayName(persona))}</button>
</form>`,
    )
    .join('\n');
  return page(
    'Choose a test user',
    `<h1>Choose a test user</h1>${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<p>This stands in for a smartcard, the iPad app, Windows Hello or a security key.</p>${cards}`,
  );
}

export function rolePickerPage(
  base: string,
  persona: Persona,
  organisations: Record<string, string>,
  error?: string,
): string {
  const options = persona.roles
    .map(
      (
        role,
        index,
      ) => `<label><input type="radio" name="roleId" value="${escapeHtml(role.personRoleId)}"${index === 0 ? ' required' : ''}>
  ${escapeHtml(role.roleName.split(':').at(-1)?.replaceAll('"', '') ?? role.roleName)} at ${escapeHtml(organisations[role.orgCode] ?? role.orgCode)} (${escapeHtml(role.orgCode)})</label>`,
    )
    .join('\n');
  return page(
    'Select your role',
    `<h1>Select your role</h1>${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<form class="card" method="post" action="${escapeHtml(base)}/role">
<input type="hidden" name="uid" value="${escapeHtml(persona.uid)}">
<fieldset><legend>${escapeHtml(displayName(persona))}, which role are you working in?</legend>${options}</fieldset>
<button type="submit">Continue</button></form>`,
  );
}

/** What oidc-provider would show for a request it refuses: the error and its description. */
export function errorPage(out: { error: string; error_description?: string }): string {
  return page(
    'Sign-in error',
    `<h1>There is a problem</h1><p class="error">${escapeHtml(out.error)}${
      out.error_description ? `: ${escapeHtml(out.error_description)}` : ''
    }</p>`,
  );
}
