/**
 * When to send an e-RS request again. e-RS asks for exponential back-off after a 429 and for
 * `Retry-After` to be honoured after a 503; we do both, within bounds, and only for requests
 * that are safe to repeat (see `retrySafe` in ers-client.ts).
 */

export type RetryPolicy = {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Back-off ceiling for the first retry; doubles each time (full jitter below it). */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * The longest `Retry-After` we wait out inside one browser request. Longer, and we stop at
   * once and pass it on to the SPA (a clinician is waiting; e-RS said not to ask before then).
   */
  maxRetryAfterMs: number;
};

/** e-RS's own example: wait 1 s, then 2 s, then 4 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 1000,
  maxDelayMs: 4000,
  maxRetryAfterMs: 5000,
};

/** What we tell the SPA at most: e-RS could send a date next week. */
export const MAX_RETRY_AFTER_REPORTED_MS = 5 * 60_000;

/**
 * `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only the IMF-fixdate form carries a weekday and "GMT"; Date.parse accepts all three forms.
  if (!/[A-Za-z]{3}.*\d{2}:\d{2}:\d{2}/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Full jitter (AWS architecture blog): uniform in [0, min(max, base * 2^retry)). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}
