/**
 * Tells the user's other tabs about the session: signing out in one tab signs out all of them.
 * A BroadcastChannel reaches every same-origin tab of this browser profile, and carries no
 * patient data (only what happened, never who or which record).
 */
import { SESSION_END_REASONS, type SessionEndReason } from '@ers/shared/bff-contract';

export const SESSION_CHANNEL_NAME = 'ers-session';

export type SessionMessage =
  { type: 'signed-out' } | { type: 'session-ended'; reason: SessionEndReason };

/** Identifies this tab, so it ignores what it said itself through another channel object. */
const TAB_ID = Math.random().toString(36).slice(2);

function canBroadcast(): boolean {
  return typeof BroadcastChannel !== 'undefined';
}

export function postSessionMessage(message: SessionMessage): void {
  if (!canBroadcast()) return;
  const channel = new BroadcastChannel(SESSION_CHANNEL_NAME);
  try {
    channel.postMessage({ ...message, from: TAB_ID });
  } finally {
    channel.close();
  }
}

function parseMessage(data: unknown): SessionMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const { type, reason, from } = data as Record<string, unknown>;
  if (from === TAB_ID) return null;
  if (type === 'signed-out') return { type };
  if (type === 'session-ended' && (SESSION_END_REASONS as readonly unknown[]).includes(reason)) {
    return { type, reason: reason as SessionEndReason };
  }
  return null;
}

/** Calls `onMessage` for what other tabs say; returns the function that stops listening. */
export function subscribeSessionMessages(onMessage: (message: SessionMessage) => void): () => void {
  if (!canBroadcast()) return () => undefined;
  const channel = new BroadcastChannel(SESSION_CHANNEL_NAME);
  channel.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parseMessage(event.data);
    if (message) onMessage(message);
  });
  return () => {
    channel.close();
  };
}
