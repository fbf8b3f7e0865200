/**
 * Moving the page's clock (Playwright's `page.clock`) to the session's deadlines while the BFF
 * runs on real time. Jumping the page forward makes it minutes ahead of the BFF; the deadlines
 * the BFF hands out afterwards are translated into the page's time, as if those minutes had
 * passed for both:
 *
 * - an idle deadline moves with activity, so it is shifted by how far ahead the page was when
 *   that activity happened (a /bff/user without `slide=false`, or any /api call);
 * - the time limit never moves; `limitIn` brings it forward (capping the idle deadline, as the
 *   BFF does) so the time-limit warning can be reached without waiting 12 hours.
 */
import { expect, type Page } from '@playwright/test';

type SessionTimes = { idleExpiresAt: string; expiresAt: string };

export class SessionClock {
  /** How far the page's clock is ahead of the BFF's, in milliseconds. */
  private ahead = 0;
  /** `ahead` when the idle deadline last moved. */
  private aheadAtActivity = 0;
  /** The time limit, in the BFF's time, when brought forward. */
  private limit: number | null = null;

  private constructor(private readonly page: Page) {}

  /** Call before the first page loads (after `page.clock.install()`). */
  static async install(page: Page, { limitIn }: { limitIn?: number } = {}): Promise<SessionClock> {
    const clock = new SessionClock(page);
    if (limitIn !== undefined) clock.limit = Date.now() + limitIn;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) clock.aheadAtActivity = clock.ahead;
    });
    await page.route(
      (url) => url.pathname === '/bff/user',
      async (route) => {
        const url = new URL(route.request().url());
        if (url.searchParams.get('slide') !== 'false') clock.aheadAtActivity = clock.ahead;
        try {
          const response = await route.fetch();
          if (!response.ok()) {
            await route.fulfill({ response });
            return;
          }
          const body = (await response.json()) as { session: SessionTimes };
          body.session = clock.translate(body.session);
          await route.fulfill({ response, json: body });
        } catch (error) {
          // The page navigated away or closed while this poll was in flight: the request is
          // gone, so there is nothing left to answer (seen once on a busy CI machine).
          if (/disposed|closed|Test ended|Target page/i.test(String(error))) return;
          throw error;
        }
      },
    );
    return clock;
  }

  private translate(times: SessionTimes): SessionTimes {
    let idle = Date.parse(times.idleExpiresAt) + this.aheadAtActivity;
    let limit = Date.parse(times.expiresAt);
    if (this.limit !== null) limit = Math.min(limit, this.limit);
    idle = Math.min(idle, limit);
    return {
      idleExpiresAt: new Date(idle).toISOString(),
      expiresAt: new Date(limit).toISOString(),
    };
  }

  /** The session's deadlines as the page sees them, asked without counting as activity. */
  async deadlines(): Promise<{ idle: number; limit: number }> {
    const response = await this.page.request.get('/bff/user?slide=false', {
      headers: { 'X-CSRF': '1' },
    });
    expect(response.status()).toBe(200);
    const { session } = (await response.json()) as { session: SessionTimes };
    const times = this.translate(session);
    return { idle: Date.parse(times.idleExpiresAt), limit: Date.parse(times.expiresAt) };
  }

  /** Moves the page's clock to `before` milliseconds ahead of `deadline` (page time). */
  async jumpTo(deadline: number, before: number): Promise<void> {
    const now = await this.page.evaluate(() => Date.now());
    const forward = Math.round(deadline - before - now);
    expect(forward, 'the page clock can only go forward').toBeGreaterThan(0);
    this.ahead += forward;
    await this.page.clock.fastForward(forward);
  }
}
