import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { readinessRoute, type ReadinessCheck } from './readiness';

/** A check that answers only when the test says so, and counts its calls. */
function controlled() {
  let answer: (ready: boolean) => void = () => undefined;
  const check = {
    calls: 0,
    settled: false,
    run: (() => {
      check.calls += 1;
      return new Promise<boolean>((resolve) => {
        answer = resolve;
      }).finally(() => (check.settled = true));
    }) satisfies ReadinessCheck,
    answer: (ready: boolean) => answer(ready),
  };
  return check;
}

function appWith(checks: Record<string, ReadinessCheck>, deadlineMs = 50) {
  const app = new Hono();
  app.get('/health/ready', readinessRoute(checks, deadlineMs));
  return async () => {
    const response = await app.request('/health/ready');
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
}

describe('/health/ready', () => {
  it('is ready when every check answers true in time', async () => {
    const probe = appWith({ store: async () => true, cis2: async () => true });
    expect(await probe()).toEqual({
      status: 200,
      body: { status: 'ok', store: true, cis2: true },
    });
  });

  it('says not ready when a check rejects or answers false', async () => {
    const probe = appWith({
      store: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.7:6379')),
      cis2: async () => false,
    });
    const { status, body } = await probe();
    expect(status).toBe(503);
    expect(body).toEqual({ status: 'unavailable', store: false, cis2: false });
  });

  it('answers not ready once the deadline passes, while the hung check is still waiting', async () => {
    const hung = controlled();
    const probe = appWith({ store: hung.run, cis2: async () => true });
    const { status, body } = await probe();
    // The deadline ended the probe: the check itself has not answered.
    expect(hung.settled).toBe(false);
    expect(status).toBe(503);
    expect(body).toEqual({ status: 'unavailable', store: false, cis2: true });
    hung.answer(true);
  });

  it('keeps one call outstanding to a hung dependency however often it is probed', async () => {
    const hung = controlled();
    const probe = appWith({ store: hung.run });
    await Promise.all([probe(), probe()]);
    await probe();
    expect(hung.calls).toBe(1);
    hung.answer(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await probe()).status).toBe(503);
    expect(hung.calls).toBe(2);
  });
});
