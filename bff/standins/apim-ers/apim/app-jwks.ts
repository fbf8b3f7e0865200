/**
 * The application's public keys, fetched from the JWKS URL registered for the APIM app and
 * cached for a short while, as APIM does: a key added at the URL is only seen once the cached
 * copy expires (an unknown `kid` does not make it fetch again), so a new key must be published
 * beside the old one, and the cache waited out, before anything signs with it
 * (test/key-rotation.test.ts).
 */
import type { JSONWebKeySet } from 'jose';

export type AppJwksResult =
  { kind: 'ok'; jwks: JSONWebKeySet } | { kind: 'not_registered' } | { kind: 'unreachable' };

export function createAppJwksCache(options: {
  url: string | null | undefined;
  cacheMs: number;
  now: () => number;
  timeoutMs?: number;
}) {
  let cached: { jwks: JSONWebKeySet; until: number } | undefined;
  let fetches = 0;

  async function fetchJwks(url: string): Promise<JSONWebKeySet | undefined> {
    fetches += 1;
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
      if (!response.ok) return undefined;
      const body = (await response.json()) as { keys?: unknown };
      return Array.isArray(body.keys) ? (body as JSONWebKeySet) : undefined;
    } catch {
      return undefined;
    }
  }

  return {
    async get(): Promise<AppJwksResult> {
      if (!options.url) return { kind: 'not_registered' };
      if (cached && cached.until > options.now()) return { kind: 'ok', jwks: cached.jwks };
      const jwks = await fetchJwks(options.url);
      if (!jwks) return { kind: 'unreachable' };
      cached = { jwks, until: options.now() + options.cacheMs };
      return { kind: 'ok', jwks };
    },
    /** How many times the URL was fetched (tests check the cache). */
    get fetches() {
      return fetches;
    },
    clear() {
      cached = undefined;
    },
  };
}

export type AppJwksCache = ReturnType<typeof createAppJwksCache>;
