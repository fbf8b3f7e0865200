/**
 * The in-process BFF wired to the forged CIS2 (forged-cis2.ts), with the steps of a sign-in
 * apart so a test can forge what passes between them.
 */
import type { KeyValueStore } from '../../src/session/store';
import type { Browser } from './browser';
import { createForgedCis2, type AuthorizationResponse, type ForgedCis2 } from './forged-cis2';
import { startBff } from './in-process-bff';

export type ForgedCis2Bff = Awaited<ReturnType<typeof startBffWithForgedCis2>>;

export async function startBffWithForgedCis2(
  options: {
    config?: Record<string, string | undefined>;
    forged?: ForgedCis2;
    /** Shared with another instance, as Redis would be. */
    store?: KeyValueStore;
  } = {},
) {
  const forged = options.forged ?? (await createForgedCis2());
  const bff = await startBff({ config: options.config, fetch: forged.fetch, store: options.store });

  /** Login, the forged CIS2 (answering with `response`), callback: a browser's round trip. */
  async function roundTrip(
    browser: Browser,
    trip: { query?: string; response?: AuthorizationResponse } = {},
  ) {
    const started = await bff.login(browser, trip.query);
    const callbackUrl = forged.authorize(started.location, trip.response);
    return { login: started, callbackUrl, ...(await bff.callback(browser, callbackUrl)) };
  }

  return { ...bff, forged, roundTrip };
}
