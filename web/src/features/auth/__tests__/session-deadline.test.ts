import { describe, expect, it } from 'vitest';
import { expiredReason, sessionDeadline, timeLeft } from '../session/session-deadline';

const at = (iso: string) => Date.parse(iso);

describe('sessionDeadline', () => {
  it('is the idle deadline while it comes first', () => {
    expect(
      sessionDeadline({ idleExpiresAt: '2030-01-01T10:30:00Z', expiresAt: '2030-01-01T18:00:00Z' }),
    ).toEqual({ at: at('2030-01-01T10:30:00Z'), reason: 'idle' });
  });

  it('is the absolute limit when the idle deadline reaches it', () => {
    const limit = '2030-01-01T18:00:00Z';
    expect(sessionDeadline({ idleExpiresAt: limit, expiresAt: limit })).toEqual({
      at: at(limit),
      reason: 'absolute',
    });
  });

  it('uses whichever time it can read, or none', () => {
    expect(sessionDeadline({ idleExpiresAt: 'soon', expiresAt: '2030-01-01T18:00:00Z' })).toEqual({
      at: at('2030-01-01T18:00:00Z'),
      reason: 'absolute',
    });
    expect(sessionDeadline({ idleExpiresAt: 'soon', expiresAt: 'later' })).toBeNull();
  });
});

describe('expiredReason', () => {
  const deadline = { at: at('2030-01-01T10:30:00Z'), reason: 'idle' } as const;

  it('is null before the deadline and the reason from it on', () => {
    expect(expiredReason(deadline, at('2030-01-01T10:29:59Z'))).toBeNull();
    expect(expiredReason(deadline, at('2030-01-01T10:30:00Z'))).toBe('idle');
    expect(expiredReason(null, at('2099-01-01T00:00:00Z'))).toBeNull();
    expect(timeLeft(deadline, at('2030-01-01T10:28:00Z'))).toBe(120_000);
  });
});
