/**
 * Just enough of a browser for tests: a cookie jar, redirects followed only when asked, and a
 * record of every response it read so a test can look for leaked tokens. It talks to a BFF over
 * real HTTP, or to one built in-process through Hono's `app.request()` (no sockets), and signs
 * in the one way a person does: through the CIS2 stand-in's pages.
 */
import { CookieJar } from './cookies';

export type Seen = { url: string; status: number; headers: Headers; body: string };

/** What `app.request()` offers: a Hono app, or anything else that answers a Request in-process. */
export type InProcessApp = {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
};

export type BrowserOptions = {
  /** What relative URLs are resolved against. */
  origin?: string;
  /** Serves `origin` in-process; every other origin is reached over the network. */
  app?: InProcessApp;
  /** Sent with every request that does not set them itself (the SPA's `X-CSRF: 1`). */
  headers?: Record<string, string>;
};

const MAX_REDIRECTS = 20;

export class Browser {
  readonly seen: Seen[] = [];
  /** The instance serving `origin`; a test may swap it, as a load balancer would. */
  app: InProcessApp | undefined;
  private readonly jar = new CookieJar();
  private readonly origin: string | undefined;
  private readonly defaultHeaders: Record<string, string>;

  constructor(options: BrowserOptions = {}) {
    this.origin = options.origin === undefined ? undefined : new URL(options.origin).origin;
    this.app = options.app;
    this.defaultHeaders = options.headers ?? {};
  }

  cookieNames(): string[] {
    return this.jar.names();
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  /** Puts a cookie in the jar: one copied by an attacker, or a session made without sign-in. */
  setCookie(name: string, value: string): void {
    this.jar.set(name, value);
  }

  /**
   * One request with the jar's cookies; the response's cookies go back into the jar. The body is
   * left unread for the caller (streams, bytes) and not recorded: `request()` reads and records.
   */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, this.origin);
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(this.defaultHeaders)) {
      if (!headers.has(name)) headers.set(name, value);
    }
    const cookies = this.jar.header();
    if (cookies) {
      const explicit = headers.get('cookie');
      headers.set('cookie', explicit ? `${explicit}; ${cookies}` : cookies);
    }
    const request: RequestInit = { ...init, headers, redirect: 'manual' };
    const response =
      this.app && target.origin === this.origin
        ? await this.app.request(target.toString(), request)
        : await fetch(target, request);
    this.jar.receive(response.headers);
    return response;
  }

  /** One request, its body read as text and recorded in `seen`. */
  async request(url: string, init: RequestInit = {}): Promise<Seen> {
    const response = await this.fetch(url, init);
    const seen: Seen = {
      url: new URL(url, this.origin).toString(),
      status: response.status,
      headers: response.headers,
      body: await response.text(),
    };
    this.seen.push(seen);
    return seen;
  }

  /** `/bff/user` as the SPA asks for it. */
  user(origin = this.origin): Promise<Seen> {
    return this.request(new URL('/bff/user', origin).toString(), { headers: { 'X-CSRF': '1' } });
  }

  /**
   * Follows redirects from `url` until a response that is not one, or until the next hop would be
   * a URL `stopBefore` accepts (returned as `next`, not fetched).
   */
  async navigate(
    url: string,
    init: RequestInit = {},
    stopBefore?: (next: string) => boolean,
  ): Promise<Seen & { next?: string }> {
    let response = await this.request(url, init);
    for (let hops = 0; hops < MAX_REDIRECTS && isRedirect(response.status); hops += 1) {
      const next = new URL(response.headers.get('location') ?? '', response.url).toString();
      if (stopBefore?.(next)) return { ...response, next };
      response = await this.request(next);
    }
    return response;
  }
}

const isRedirect = (status: number) => status >= 300 && status < 400;

export type SignInOptions = {
  /** Sent URL-encoded as `?returnTo=`. */
  returnTo?: string;
  /** Appended to `/bff/login` exactly as given, for values a browser would send unencoded. */
  query?: string;
  /** The role to pick when the stand-in shows its role picker. */
  roleId?: string;
  /** Stop when CIS2 redirects back: the callback URL is returned as `next`, not delivered. */
  stopBeforeCallback?: boolean;
};

/** Signs in through the CIS2 stand-in's pages as persona `uid`, from `/bff/login` at `origin`. */
export async function signIn(
  browser: Browser,
  origin: string,
  uid: string,
  options: SignInOptions = {},
): Promise<Seen & { next?: string }> {
  const stopBefore = options.stopBeforeCallback
    ? (next: string) => next.startsWith(`${origin}/bff/callback`)
    : undefined;
  const query =
    options.query ??
    (options.returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(options.returnTo)}`);
  const picker = await browser.navigate(`${origin}/bff/login${query}`);
  const action = /action="([^"]+\/login)"/.exec(picker.body)?.[1];
  if (!action) {
    throw new Error(
      `no persona picker at ${picker.url}: ${picker.status} ${picker.body.slice(0, 200)}`,
    );
  }
  const post = (body: Record<string, string>): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
  const result = await browser.navigate(
    new URL(action, picker.url).toString(),
    post({ uid }),
    stopBefore,
  );
  const roleAction = /action="([^"]+\/role)"/.exec(result.body)?.[1];
  if (!roleAction || result.next) return result;
  if (!options.roleId) throw new Error('role picker shown but no roleId given');
  return browser.navigate(
    new URL(roleAction, result.url).toString(),
    post({ uid, roleId: options.roleId }),
    stopBefore,
  );
}
