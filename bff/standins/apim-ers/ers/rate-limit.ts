/**
 * e-RS's live rate limit: 10 requests per second per application, over a sliding one-second
 * window. Refused requests do not count.
 */
export function createRateLimiter(limitPerSecond: number, now: () => number) {
  const calls = new Map<string, number[]>();
  return {
    /** Records the call and returns true, or returns false when the app is over its limit. */
    allow(appKey: string): boolean {
      const time = now();
      const recent = (calls.get(appKey) ?? []).filter((at) => at > time - 1000);
      if (recent.length >= limitPerSecond) {
        calls.set(appKey, recent);
        return false;
      }
      recent.push(time);
      calls.set(appKey, recent);
      return true;
    },
    reset() {
      calls.clear();
    },
  };
}
