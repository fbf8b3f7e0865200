import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';

/**
 * After a client-side navigation, moves focus to the new page's heading (or its main content),
 * as a full page load would start reading from the top: otherwise a keyboard or screen reader
 * user is left on whatever control was removed, and hears nothing of the new page. A page that
 * focused something in its content itself (an error summary) keeps that focus.
 */
function useFocusOnNavigation(): void {
  const { key } = useLocation();
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const main = document.getElementById('maincontent');
    if (!main) return;
    const active = document.activeElement;
    if (active && active !== document.body && main.contains(active)) return;
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    } else {
      main.focus();
    }
  }, [key]);
}

/** The root route's element: every page, and the focus handling between them. */
export function RootLayout() {
  useFocusOnNavigation();
  return <Outlet />;
}
