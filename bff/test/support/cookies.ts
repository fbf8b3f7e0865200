/**
 * Cookies as a browser keeps them, for the test browser (browser.ts). One jar per browser, keyed
 * by name: every site a test browser visits is one host (`localhost`, whose ports a browser does
 * not tell apart, or the in-process BFF), so scoping by host or path would change nothing.
 */

/**
 * The BFF's cookie names, written out rather than imported from src/, so a rename shows up here
 * as a failing test instead of being followed silently.
 */
export const SESSION_COOKIE = '__Host-Http-ers-session';
export const LOGIN_COOKIE = '__Host-Http-ers-login';

export type SetCookie = { line: string; name: string; value: string; expired: boolean };

/** The Set-Cookie lines of a response, parsed. */
export function setCookies(headers: Headers): SetCookie[] {
  return headers.getSetCookie().map((line) => {
    const [pair = '', ...attributes] = line.split(';');
    const index = pair.indexOf('=');
    return {
      line,
      name: pair.slice(0, index).trim(),
      value: pair.slice(index + 1).trim(),
      expired: attributes.some((attribute) =>
        /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute),
      ),
    };
  });
}

/** A Set-Cookie that would give the browser a session (non-empty value, not a deletion). */
export function sessionCookieSet(headers: Headers): boolean {
  return setCookies(headers).some(
    (cookie) => cookie.name === SESSION_COOKIE && cookie.value !== '' && !cookie.expired,
  );
}

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  names(): string[] {
    return [...this.cookies.keys()];
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  /** The `Cookie` request header, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Takes what a response sets; a deletion (empty, `Max-Age=0`, expired) removes the cookie. */
  receive(headers: Headers): void {
    for (const { name, value, expired } of setCookies(headers)) {
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
