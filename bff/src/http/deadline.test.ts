import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineError, withinDeadline } from './deadline';

const never = () => new Promise<never>(() => undefined);

describe('withinDeadline', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rejects with a DeadlineError when the deadline passes, not a moment before', async () => {
    const outcome = withinDeadline('store GET', 2000, never).catch((error: unknown) => error);
    let settled = false;
    void outcome.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(1999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(DeadlineError);
    expect(error).toMatchObject({ what: 'store GET', ms: 2000 });
  });

  it('aborts the signal it gave the call, with the same error', async () => {
    let signal: AbortSignal | undefined;
    const outcome = withinDeadline('CIS2 token', 10, (given) => {
      signal = given;
      return never();
    }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(await outcome);
  });

  it('answers as the call does, and clears its timer', async () => {
    await expect(withinDeadline('ok', 1000, async () => 'value')).resolves.toBe('value');
    await expect(
      withinDeadline('fails', 1000, async () => {
        throw new TypeError('refused');
      }),
    ).rejects.toThrow(TypeError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a call that throws before returning a promise rejects, with no timer left', async () => {
    await expect(
      withinDeadline('sync', 1000, () => {
        throw new RangeError('bad ttl');
      }),
    ).rejects.toThrow(RangeError);
    expect(vi.getTimerCount()).toBe(0);
  });
});
