/**
 * When the session ends, from the times the BFF gives (`/bff/user`'s `session`): the idle
 * deadline moves with activity, the absolute one never does. Pure, so the watcher's timer and the
 * "you will be signed out soon" warning share it.
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

/** The idle warning opens this long before the idle deadline ("Stay signed in" extends it). */
export const IDLE_WARNING_MS = 2 * 60_000;
/** The absolute warning opens this long before the time limit (nothing can extend it). */
export const ABSOLUTE_WARNING_MS = 5 * 60_000;

/**
 * After these many seconds left, a screen reader hears the countdown again (the text on screen
 * changes every second; announcing every second would drown everything else out).
 */
const ANNOUNCE_AT_SECONDS: Record<SessionDeadline['reason'], readonly number[]> = {
  idle: [90, 60, 30, 10],
  absolute: [240, 180, 120, 60, 30, 10],
};

export type SessionWarning = {
  reason: SessionDeadline['reason'];
  /** When the session ends, epoch milliseconds. */
  at: number;
  /** Whole seconds left, rounded up: the countdown shows this. */
  secondsLeft: number;
};

/**
 * The warning to show at `now`, or null: within IDLE_WARNING_MS of the idle deadline, or within
 * ABSOLUTE_WARNING_MS of the time limit unless the user has acknowledged that one already
 * (`dismissedAt` is the limit they acknowledged).
 */
export function sessionWarning(
  deadline: SessionDeadline | null,
  now: number,
  dismissedAt: number | null = null,
): SessionWarning | null {
  if (!deadline) return null;
  const left = timeLeft(deadline, now);
  if (left <= 0) return null;
  const window = deadline.reason === 'idle' ? IDLE_WARNING_MS : ABSOLUTE_WARNING_MS;
  if (left > window) return null;
  if (deadline.reason === 'absolute' && dismissedAt === deadline.at) return null;
  return { reason: deadline.reason, at: deadline.at, secondsLeft: Math.ceil(left / 1_000) };
}

function plural(count: number, unit: string): string {
  return `${String(count)} ${unit}${count === 1 ? '' : 's'}`;
}

/** 125 -> "2 minutes 5 seconds", 120 -> "2 minutes", 59 -> "59 seconds". */
export function describeSeconds(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes === 0) return plural(rest, 'second');
  return rest === 0
    ? plural(minutes, 'minute')
    : `${plural(minutes, 'minute')} ${plural(rest, 'second')}`;
}

/**
 * How many of the warning's announcement points have passed with `secondsLeft` to go: when this
 * goes up, the countdown is announced (once per point, even when the clock jumps past several).
 */
export function announcementsPassed(
  reason: SessionDeadline['reason'],
  secondsLeft: number,
): number {
  return ANNOUNCE_AT_SECONDS[reason].filter((point) => secondsLeft <= point).length;
}

/**
 * "6:05pm", "11am", "midday": the time the session ends, in the browser's time zone, as the NHS
 * content style writes times.
 */
export function formatClockTime(epochMs: number): string {
  const date = new Date(epochMs);
  const hours = date.getHours();
  const minutes = date.getMinutes();
  if (minutes === 0 && hours === 12) return 'midday';
  if (minutes === 0 && hours === 0) return 'midnight';
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const suffix = hours < 12 ? 'am' : 'pm';
  return minutes === 0
    ? `${String(hour12)}${suffix}`
    : `${String(hour12)}:${String(minutes).padStart(2, '0')}${suffix}`;
}
