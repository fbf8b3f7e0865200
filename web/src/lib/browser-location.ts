/**
 * Leaving a signed-in page: hide what it shows first, so a copy the browser keeps (the
 * back/forward cache) never shows patient data again, even for a moment.
 */
function hideSignedInContent(): void {
  document.getElementById('root')?.setAttribute('hidden', '');
}

/** Full-page navigation (leaving the SPA), behind a seam so tests can observe it. */
export function assignLocation(url: string, { hideContent = false } = {}): void {
  if (hideContent) hideSignedInContent();
  window.location.assign(url);
}

/** Full-page navigation by an empty form POST to a same-origin `action` (leaving the SPA). */
export function postNavigation(action: string, { hideContent = false } = {}): void {
  if (hideContent) hideSignedInContent();
  const form = document.createElement('form');
  form.method = 'post';
  form.action = action;
  document.body.append(form);
  form.submit();
}

/** Loads the current page again from the server. */
export function reloadPage(): void {
  window.location.reload();
}
