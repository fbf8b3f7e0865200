/** Full-page navigation (leaving the SPA), behind a seam so tests can observe it. */
export function assignLocation(url: string): void {
  window.location.assign(url);
}
