/** Full-page navigation (leaving the SPA), behind a seam so tests can observe it. */
export function assignLocation(url: string, { hideContent = false } = {}): void {
  if (hideContent) {
    // Leaving a signed-in page: hide what it shows first, so a copy the browser keeps (the
    // back/forward cache) never shows patient data again, even for a moment.
    document.getElementById('root')?.setAttribute('hidden', '');
  }
  window.location.assign(url);
}

/** Loads the current page again from the server. */
export function reloadPage(): void {
  window.location.reload();
}
