/**
 * Just enough of a browser for integration tests: a cookie jar for localhost, manual redirects,
 * and a record of every response so tests can look for leaked tokens.
 */
export type Seen = { url: string; status: number; headers: Headers; body: string };

export class TestBrowser {
  private readonly cookies = new Map<string, string>();
  readonly seen: Seen[] = [];

  cookieNames(): string[] {
    return [...this.cookies.keys()];
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }

  async request(url: string, init: RequestInit = {}): Promise<Seen> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set(
        'cookie',
        [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      );
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) =>
        /max-age=0|expires=thu, 01 jan 1970/i.test(attribute.trim()),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const seen = {
      url,
      status: response.status,
      headers: response.headers,
      body: await response.text(),
    };
    this.seen.push(seen);
    return seen;
  }

  /**
   * Follows redirects from `url` until a non-redirect response, or until the next hop would be
   * a URL `stopBefore` accepts (returned as `next`, not fetched).
   */
  async navigate(
    url: string,
    init: RequestInit = {},
    stopBefore?: (next: string) => boolean,
  ): Promise<Seen & { next?: string }> {
    let current = url;
    let response = await this.request(current, init);
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops += 1) {
      const next = new URL(response.headers.get('location') ?? '', current).toString();
      if (stopBefore?.(next)) return { ...response, url: current, next };
      current = next;
      response = await this.request(current);
    }
    return { ...response, url: current };
  }
}

/** Signs in through the CIS2 stand-in's pages as `uid`, choosing `roleId` if asked. */
export async function signIn(
  browser: TestBrowser,
  origin: string,
  uid: string,
  options: { returnTo?: string; roleId?: string; stopBeforeCallback?: boolean } = {},
): Promise<Seen & { next?: string }> {
  const stopBefore = options.stopBeforeCallback
    ? (next: string) => next.startsWith(`${origin}/bff/callback`)
    : undefined;
  const loginUrl = `${origin}/bff/login${options.returnTo ? `?returnTo=${encodeURIComponent(options.returnTo)}` : ''}`;
  const picker = await browser.navigate(loginUrl);
  const action = /action="([^"]+\/login)"/.exec(picker.body)?.[1];
  if (!action)
    throw new Error(
      `no persona picker at ${picker.url}: ${picker.status} ${picker.body.slice(0, 200)}`,
    );
  const form = new URLSearchParams({ uid });
  let result = await browser.navigate(
    new URL(action, picker.url).toString(),
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    },
    stopBefore,
  );
  const roleAction = /action="([^"]+\/role)"/.exec(result.body)?.[1];
  if (roleAction) {
    if (!options.roleId) throw new Error('role picker shown but no roleId given');
    result = await browser.navigate(
      new URL(roleAction, result.url).toString(),
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ uid, roleId: options.roleId }),
      },
      stopBefore,
    );
  }
  return result;
}
