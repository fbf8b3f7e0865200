/**
 * Records everything the browser received (bodies, headers, cookies, storage) so a test can
 * prove no token reached it: the BFF pattern's whole point.
 */
import type { BrowserContext, Page } from '@playwright/test';

export type Received = { url: string; text: string };

export function watchResponses(page: Page): Received[] {
  const received: Received[] = [];
  page.on('response', async (response) => {
    const headers = Object.entries(await response.allHeaders())
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n');
    let body = '';
    // Redirect responses have no body to read.
    if (response.status() < 300 || response.status() >= 400) {
      body = await response.text().catch(() => '');
    }
    received.push({ url: response.url(), text: `${headers}\n\n${body}` });
  });
  return received;
}

export async function browserState(context: BrowserContext, page: Page): Promise<string> {
  const cookies = await context.cookies();
  const storage = await page.evaluate(() =>
    JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }),
  );
  return `${JSON.stringify(cookies)}\n${storage}\n${page.url()}`;
}

export async function issuedTokens(apimOrigin: string): Promise<string[]> {
  const response = await fetch(`${apimOrigin}/__standin/issued-tokens`);
  const body = (await response.json()) as { tokens: string[] };
  return body.tokens;
}
