import { describe, expect, it } from 'vitest';
import {
  announcementsPassed,
  describeSeconds,
  expiredReason,
  formatClockTime,
  sessionDeadline,
  sessionWarning,
  timeLeft,
} from '../session/session-deadline';

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

describe('sessionWarning', () => {
  const idle = { at: at('2030-01-01T10:30:00Z'), reason: 'idle' } as const;
  const absolute = { at: at('2030-01-01T18:00:00Z'), reason: 'absolute' } as const;

  it('warns in the last 2 minutes before the idle deadline', () => {
    expect(sessionWarning(idle, at('2030-01-01T10:27:59.999Z'))).toBeNull();
    expect(sessionWarning(idle, at('2030-01-01T10:28:00Z'))).toEqual({
      reason: 'idle',
      at: idle.at,
      secondsLeft: 120,
    });
    expect(sessionWarning(idle, at('2030-01-01T10:29:59.200Z'))?.secondsLeft).toBe(1);
    expect(sessionWarning(idle, at('2030-01-01T10:30:00Z'))).toBeNull();
    expect(sessionWarning(null, at('2030-01-01T10:29:00Z'))).toBeNull();
  });

  it('warns in the last 5 minutes before the time limit, until acknowledged', () => {
    expect(sessionWarning(absolute, at('2030-01-01T17:54:59Z'))).toBeNull();
    expect(sessionWarning(absolute, at('2030-01-01T17:55:00Z'))?.secondsLeft).toBe(300);
    expect(sessionWarning(absolute, at('2030-01-01T17:58:00Z'), absolute.at)).toBeNull();
    // Acknowledging one limit says nothing about another.
    expect(sessionWarning(absolute, at('2030-01-01T17:58:00Z'), idle.at)?.reason).toBe('absolute');
  });
});

describe('describeSeconds', () => {
  it.each([
    [125, '2 minutes 5 seconds'],
    [120, '2 minutes'],
    [61, '1 minute 1 second'],
    [60, '1 minute'],
    [59, '59 seconds'],
    [1, '1 second'],
    [0, '0 seconds'],
  ])('%i -> %s', (seconds, text) => {
    expect(describeSeconds(seconds)).toBe(text);
  });
});

describe('announcementsPassed', () => {
  it("counts the idle warning's points: 90, 60, 30 and 10 seconds", () => {
    expect(
      [120, 91, 90, 61, 60, 31, 30, 11, 10, 1].map((s) => announcementsPassed('idle', s)),
    ).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it("counts the time-limit warning's points once a minute, then 30 and 10 seconds", () => {
    expect(announcementsPassed('absolute', 300)).toBe(0);
    expect(announcementsPassed('absolute', 240)).toBe(1);
    expect(announcementsPassed('absolute', 10)).toBe(6);
  });
});

describe('formatClockTime', () => {
  it('writes times the NHS way, in local time', () => {
    const local = (hours: number, minutes: number) =>
      new Date(2030, 0, 1, hours, minutes).getTime();
    expect(formatClockTime(local(18, 5))).toBe('6:05pm');
    expect(formatClockTime(local(9, 0))).toBe('9am');
    expect(formatClockTime(local(12, 0))).toBe('midday');
    expect(formatClockTime(local(0, 0))).toBe('midnight');
    expect(formatClockTime(local(0, 30))).toBe('12:30am');
    expect(formatClockTime(local(12, 45))).toBe('12:45pm');
  });
});
