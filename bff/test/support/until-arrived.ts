/**
 * Lets the code under test run until `arrived()` says it has reached the point a test holds it
 * at (a frozen store, a hanging endpoint): there its deadline timer is set, and a fake clock can
 * be moved to it. Bounded by real time, not event-loop turns: the way there runs partly off the
 * loop (crypto, sockets), and a loaded machine takes many thousands of turns to get there.
 */
export async function untilArrived(
  arrived: () => boolean,
  what: string,
  { withinMs = 10_000 } = {},
): Promise<void> {
  const giveUpAt = performance.now() + withinMs;
  while (!arrived()) {
    if (performance.now() > giveUpAt) throw new Error(`never reached ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
