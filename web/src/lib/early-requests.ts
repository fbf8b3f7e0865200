/**
 * The first page's data, asked for as soon as the entry chunk runs. Otherwise the requests wait
 * for the route's code: its chunks to download, then the schemas to evaluate, then its loaders
 * to run, which on a slow device was most of the time to a referral on screen. The loaders
 * still make the same requests through `apiRequest`, which takes the early answer instead of
 * asking again: once, and only while it is fresh.
 *
 * The paths are the contract's, checked by type only (see app/router.tsx on keeping zod out of
 * the entry chunk).
 */
import type { CSRF_HEADER, CSRF_HEADER_VALUE, bffPaths } from '@ers/shared/bff-contract';

const CSRF: typeof CSRF_HEADER = 'X-CSRF';
const CSRF_VALUE: typeof CSRF_HEADER_VALUE = '1';
const USER_PATH: (typeof bffPaths)['user'] = '/bff/user';

/** An early answer older than this is not used: the page it was for has long been shown. */
const MAX_AGE_MS = 10_000;

/**
 * The pages whose loaders ask who is signed in (the landing page and every signed-in page),
 * capturing the UBRN of a referral's page (not `/referrals/find`).
 */
const FIRST_PAGE = /^\/(?:$|choose-context$|worklists(?:\/|$)|referrals\/(?:(\d{12})$)?)/;

const started = new Map<string, Promise<Response>>();
let startedAt = 0;

/** The API GETs the page at `pathname` will make first. */
export function earlyRequestsFor(pathname: string): string[] {
  const match = FIRST_PAGE.exec(pathname);
  if (!match) return [];
  // A referral's page shows its patient banner from PDS too: asked at the same time (the BFF
  // makes one e-RS A005 for the two), so the banner can be drawn with the referral.
  return match[1]
    ? [USER_PATH, `/api/referrals/${match[1]}`, `/api/referrals/${match[1]}/patient`]
    : [USER_PATH];
}

/** Starts the first page's requests (early.ts, before React is evaluated). */
export function startEarlyRequests(pathname: string, now = performance.now()): void {
  startedAt = now;
  for (const path of earlyRequestsFor(pathname)) {
    const response = fetch(path, {
      credentials: 'same-origin',
      headers: { [CSRF]: CSRF_VALUE, Accept: 'application/json' },
    });
    // Rejections are seen by whoever takes it; one never taken must not be an unhandled one.
    response.catch(() => undefined);
    started.set(path, response);
  }
}

/** The early answer to a GET of `path`, once, if there is a fresh one. */
export function takeEarlyResponse(
  path: string,
  now = performance.now(),
): Promise<Response> | undefined {
  const response = started.get(path);
  started.delete(path);
  return now - startedAt <= MAX_AGE_MS ? response : undefined;
}
