/**
 * Our own deadline on a call to something outside the process (the session store, CIS2, APIM).
 * A client library's timeout is not enough on its own: node-redis's covers only the time a
 * command waits to be sent, so a command sent to a frozen Redis waits for the reply as long as
 * Redis stays frozen; oauth4webapi has no timeout unless given a signal.
 *
 * The timer is cleared the moment the call settles (`AbortSignal.timeout` cannot be cleared: it
 * would hold every call's memory for the whole timeout). When the deadline passes, the call's
 * signal aborts, so a request that honours it frees its socket, and the caller gets a
 * DeadlineError at once, even from work that ignores the signal: nothing waits past it.
 */

/** The deadline passed before the call answered; `what` names the call, never its data. */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} did not answer within ${ms} ms`);
  }
}

/**
 * `start()`'s answer, or a DeadlineError once `ms` have passed; `onExpiry` then runs (to abort
 * the call). Without a signal: an AbortController costs more than the rest of a store command.
 */
export function beforeDeadline<T>(
  what: string,
  ms: number,
  start: () => Promise<T>,
  onExpiry?: (error: DeadlineError) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new DeadlineError(what, ms);
      onExpiry?.(error);
      reject(error);
    }, ms);
    let settled: Promise<T>;
    try {
      settled = start();
    } catch (error) {
      clearTimeout(timer);
      reject(error);
      return;
    }
    // A late answer or failure after the deadline is dropped: the caller has moved on.
    settled.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The same for a request that can be aborted: its signal aborts when the deadline passes. */
export function withinDeadline<T>(
  what: string,
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  return beforeDeadline(
    what,
    ms,
    () => work(controller.signal),
    (error) => controller.abort(error),
  );
}
