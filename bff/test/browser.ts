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

  /** Follows redirects from `url` until a non-redirect response; returns it. */
  async navigate(url: string, init: RequestInit = {}): Promise<Seen> {
    let current = url;
    let response = await this.request(current, init);
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops += 1) {
      current = new URL(response.headers.get('location') ?? '', current).toString();
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
  options: { returnTo?: string; roleId?: string } = {},
): Promise<Seen> {
  const loginUrl = `${origin}/bff/login${options.returnTo ? `?returnTo=${encodeURIComponent(options.returnTo)}` : ''}`;
  const picker = await browser.navigate(loginUrl);
  const action = /action="([^"]+\/login)"/.exec(picker.body)?.[1];
  if (!action)
    throw new Error(
      `no persona picker at ${picker.url}: ${picker.status} ${picker.body.slice(0, 200)}`,
    );
  const form = new URLSearchParams({ uid });
  let result = await browser.navigate(new URL(action, picker.url).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  const roleAction = /action="([^"]+\/role)"/.exec(result.body)?.[1];
  if (roleAction) {
    if (!options.roleId) throw new Error('role picker shown but no roleId given');
    result = await browser.navigate(new URL(roleAction, result.url).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ uid, roleId: options.roleId }),
    });
  }
  return result;
}
