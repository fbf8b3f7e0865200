/**
 * When the session ends, from the times the BFF gives (`/bff/user`'s `session`): the idle
 * deadline moves with activity, the absolute one never does. Pure, so the watcher's timer and a
 * later "you will be signed out soon" warning can share it.
 */
import type { BffUserResponse, SessionEndReason } from '@ers/shared/bff-contract';

export type SessionTimes = BffUserResponse['session'];

export type SessionDeadline = {
  /** Epoch milliseconds; the earlier of the two deadlines. */
  at: number;
  reason: Extract<SessionEndReason, 'idle' | 'absolute'>;
};

/** The deadline that comes first, or null when the BFF's times cannot be read. */
export function sessionDeadline(times: SessionTimes): SessionDeadline | null {
  const idle = Date.parse(times.idleExpiresAt);
  const absolute = Date.parse(times.expiresAt);
  if (Number.isNaN(idle) && Number.isNaN(absolute)) return null;
  if (Number.isNaN(idle)) return { at: absolute, reason: 'absolute' };
  if (Number.isNaN(absolute)) return { at: idle, reason: 'idle' };
  // At the absolute limit, the idle deadline is capped to it: the limit is the real reason.
  return absolute <= idle ? { at: absolute, reason: 'absolute' } : { at: idle, reason: 'idle' };
}

/** Milliseconds left before the deadline (0 or less once it has passed). */
export function timeLeft(deadline: SessionDeadline, now: number): number {
  return deadline.at - now;
}

/** The reason the session has ended by `now`, or null while it is still live. */
export function expiredReason(
  deadline: SessionDeadline | null,
  now: number,
): SessionDeadline['reason'] | null {
  return deadline && timeLeft(deadline, now) <= 0 ? deadline.reason : null;
}
