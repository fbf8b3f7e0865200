/**
 * `GET /health/ready`: whether each dependency answers, each within its own deadline. A check that
 * has not answered by then counts as not ready, so a hung dependency (a frozen Redis, a CIS2 that
 * accepts the connection and says nothing) makes readiness say so instead of hanging with it: a
 * load balancer's probe gets its answer, and takes the instance out of rotation.
 *
 * A check still running from an earlier probe is waited on again rather than started anew, so
 * probing a hung dependency every few seconds keeps one call outstanding, not one per probe.
 */
import type { Context } from 'hono';

/** True when the dependency is usable; false, a rejection or no answer in time: not ready. */
export type ReadinessCheck = () => Promise<boolean>;

/** Long enough for a healthy store or discovery; short of a load balancer probe's timeout. */
export const READINESS_DEADLINE_MS = 2_000;

export function readinessRoute<Name extends string>(
  checks: Record<Name, ReadinessCheck>,
  deadlineMs = READINESS_DEADLINE_MS,
) {
  const running = new Map<Name, Promise<boolean>>();

  function start(name: Name): Promise<boolean> {
    let check = running.get(name);
    if (!check) {
      check = checks[name]().then(
        (ready) => ready === true,
        () => false,
      );
      running.set(name, check);
      void check.finally(() => running.delete(name));
    }
    return check;
  }

  function withinDeadline(check: Promise<boolean>): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), deadlineMs);
      // A probe in flight must not keep a stopping process alive.
      timer.unref?.();
    });
    return Promise.race([check, late]).finally(() => clearTimeout(timer));
  }

  return async (c: Context) => {
    const names = Object.keys(checks) as Name[];
    const results = await Promise.all(names.map((name) => withinDeadline(start(name))));
    const report = Object.fromEntries(names.map((name, index) => [name, results[index]]));
    const ready = results.every(Boolean);
    return c.json({ status: ready ? 'ok' : 'unavailable', ...report }, ready ? 200 : 503);
  };
}
