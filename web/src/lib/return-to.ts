/** Where the user goes after signing in when nothing else was asked for. */
export const DEFAULT_SIGNED_IN_PATH = '/referrals/find';

/**
 * A same-origin relative path, or null: it must start with one `/` (not `//` or `/\`, which
 * browsers treat as another origin) and hold no whitespace, control characters or backslashes
 * (the BFF checks the same again).
 */
export function safeReturnTo(value: string | null | undefined): string | null {
  if (!value?.startsWith('/')) return null;
  if (value.startsWith('//') || value.startsWith('/\\')) return null;
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f || char === '\\' || /\s/.test(char)) return null;
  }
  // The URL parser removes dot segments, turning `/.//evil.example` into `//evil.example`:
  // judge (and return) the path it will actually navigate to.
  const url = new URL(value, 'https://spa.invalid');
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === 'https://spa.invalid' && !path.startsWith('//') ? path : null;
}

/** The landing page, offering sign-in and remembering `returnTo` (when it is safe) for after. */
export function signInPagePath(returnTo: string | null | undefined): string {
  const safe = safeReturnTo(returnTo);
  return safe ? `/?returnTo=${encodeURIComponent(safe)}` : '/';
}

/** `location.pathname + search` of the page the user is on, as a `returnTo`. */
export function currentPath(location: { pathname: string; search: string }): string {
  return `${location.pathname}${location.search}`;
}

/**
 * A BFF-supplied destination inside the SPA's own origin, as a path; the find page instead of
 * anything that would leave it (another origin, or a scheme such as `javascript:`).
 */
export function sameOriginPath(value: string, origin: string = window.location.origin): string {
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return DEFAULT_SIGNED_IN_PATH;
  }
  if (url.origin !== origin) return DEFAULT_SIGNED_IN_PATH;
  return safeReturnTo(`${url.pathname}${url.search}${url.hash}`) ?? DEFAULT_SIGNED_IN_PATH;
}
