/** How long the object URL lives: long enough for the new tab or the download to read it. */
const REVOKE_AFTER_MS = 60_000;

/**
 * Every `/api` call needs the X-CSRF header, which a plain link (a navigation) cannot send: the
 * BFF would refuse it. So the file is fetched with the header, held only as an in-memory Blob,
 * and handed to the browser from an object URL: a PDF opens in a new tab (`noopener`), anything
 * else downloads. The URL is revoked a minute later; nothing is written to storage.
 */
export function showFile(blob: Blob, contentType: string, fileName: string): void {
  const isPdf = contentType.split(';')[0]?.trim().toLowerCase() === 'application/pdf';
  const url = URL.createObjectURL(isPdf ? new Blob([blob], { type: 'application/pdf' }) : blob);
  const link = document.createElement('a');
  link.href = url;
  if (isPdf) {
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
  } else {
    link.download = fileName;
  }
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => {
    URL.revokeObjectURL(url);
  }, REVOKE_AFTER_MS);
}
