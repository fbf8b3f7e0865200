import { reloadPage } from '@/lib/browser-location';

/**
 * A page restored from the back/forward cache comes back exactly as it was left, session checks
 * and all skipped: after signing out, Back could show a signed-in page again. Load it afresh
 * instead, so its loaders ask the BFF whether there still is a session.
 */
export function installBackForwardGuard(target: Window = window): () => void {
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) reloadPage();
  };
  target.addEventListener('pageshow', onPageShow);
  return () => {
    target.removeEventListener('pageshow', onPageShow);
  };
}
