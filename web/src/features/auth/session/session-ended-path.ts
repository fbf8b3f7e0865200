import { SESSION_ENDED_PATH, type SessionEndReason } from '@ers/shared/bff-contract';
import { safeReturnTo } from '@/lib/return-to';

/** `/session-ended?reason=idle&returnTo=/referrals/find`: why the session ended, and where to go back to. */
export function sessionEndedPath(reason: SessionEndReason, returnTo: string | null): string {
  const params = new URLSearchParams({ reason });
  const safe = safeReturnTo(returnTo);
  if (safe) params.set('returnTo', safe);
  return `${SESSION_ENDED_PATH}?${params.toString()}`;
}
