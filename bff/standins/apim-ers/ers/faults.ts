/**
 * Injected faults, for testing how clients cope when e-RS or APIM is unwell. A fault is queued
 * (in the `faults.nextResponses` option or with `standin.faults.enqueue(...)`) and answers the
 * next matching request(s) in place of the real response:
 *
 *   standin.faults.enqueue({ operation: 'A005', status: 503, retryAfter: '2' });
 *   standin.faults.enqueue({ operation: 'token', status: 500 });
 *   standin.faults.enqueue({ operation: '*', status: 503, times: 3, delayMs: 200 });
 *
 * e-RS faults apply after APIM's checks (a request with a bad token still gets its 401) and
 * before e-RS's own; the body is the spec's for that status (503: SYSTEM_UNAVAILABLE / STU3,
 * REC_UNAVAILABLE / R4; 500: SERVICE_ERROR / REC_SERVER_ERROR; 429 as the rate limiter).
 * Token-endpoint faults answer with APIM's catch-all body.
 */
import type { OperationId } from './operations/types';

export type FaultTarget = OperationId | 'token' | 'PDS' | '*';

export type Fault = {
  /**
   * Which operation answers with the fault: an e-RS operation id, `token`, `PDS` (its
   * GET /Patient), or `*` for any e-RS operation.
   */
  operation: FaultTarget;
  status: number;
  /** Sent as the Retry-After header (seconds), e.g. with 503. */
  retryAfter?: string;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** Wait this long before answering, e.g. to test client timeouts. */
  delayMs?: number;
};

export function createFaults(initial: Fault[] = []) {
  const queue: Array<Fault & { remaining: number }> = [];
  const enqueue = (fault: Fault) => queue.push({ ...fault, remaining: fault.times ?? 1 });
  initial.forEach(enqueue);
  return {
    enqueue,
    clear() {
      queue.length = 0;
    },
    /** Pending faults (a copy). */
    pending(): Fault[] {
      return queue.map(({ remaining, ...fault }) => ({ ...fault, times: remaining }));
    },
    /** Takes the first fault that matches this target, if any. */
    take(target: OperationId | 'token' | 'PDS'): Fault | undefined {
      const index = queue.findIndex(
        (fault) =>
          fault.operation === target ||
          (fault.operation === '*' && target !== 'token' && target !== 'PDS'),
      );
      if (index < 0) return undefined;
      const fault = queue[index]!;
      fault.remaining -= 1;
      if (fault.remaining <= 0) queue.splice(index, 1);
      return fault;
    },
  };
}

export type Faults = ReturnType<typeof createFaults>;
