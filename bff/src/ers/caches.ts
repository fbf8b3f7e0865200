/**
 * The two things the gateway remembers, both in this process's memory and both short-lived:
 *
 * - Reference data (A004): the same for every user, so one answer serves everyone until its TTL
 *   ends. Concurrent misses share one e-RS call; a failure is never shared or cached (it may be
 *   that user's acting context that e-RS refused).
 * - Which attachments a referral has (from A005), or an Advice and Guidance request (from A024
 *   and A025), per user and acting context, so an attachment request can be checked against its
 *   referral or request without asking e-RS for it again each time. Holds ids, titles, types and availability: no NHS number, no clinical content.
 */
import type { ReferenceData, ReferenceDataCodeSystem } from '@ers/shared/reference-data';
import type { AttachmentSummary, ReferralSummary } from '@ers/shared/referral-summary';
import type { ErsOutcome } from './outcome';

export const REFERENCE_DATA_TTL_MS = 60 * 60_000;
export const ATTACHMENT_INDEX_TTL_MS = 60_000;
const ATTACHMENT_INDEX_MAX_ENTRIES = 5_000;

export type ReferenceDataCache = ReturnType<typeof createReferenceDataCache>;

export function createReferenceDataCache(options: { ttlMs?: number; now?: () => number } = {}) {
  const ttlMs = options.ttlMs ?? REFERENCE_DATA_TTL_MS;
  const now = options.now ?? Date.now;
  const cached = new Map<ReferenceDataCodeSystem, { value: ReferenceData; expiresAt: number }>();
  const inFlight = new Map<ReferenceDataCodeSystem, Promise<ErsOutcome<ReferenceData>>>();

  return {
    /** The cached code system, or `load()`'s answer (cached when ok). */
    async get(
      codeSystem: ReferenceDataCodeSystem,
      load: () => Promise<ErsOutcome<ReferenceData>>,
    ): Promise<{ outcome: ErsOutcome<ReferenceData>; cached: boolean }> {
      const hit = cached.get(codeSystem);
      if (hit && hit.expiresAt > now()) {
        return { outcome: { kind: 'ok', body: hit.value, requestId: undefined }, cached: true };
      }
      const shared = inFlight.get(codeSystem);
      if (shared) {
        const outcome = await shared;
        if (outcome.kind === 'ok')
          return { outcome: { ...outcome, requestId: undefined }, cached: true };
      }
      const own = load();
      inFlight.set(codeSystem, own);
      try {
        const outcome = await own;
        if (outcome.kind === 'ok') {
          cached.set(codeSystem, { value: outcome.body, expiresAt: now() + ttlMs });
        }
        return { outcome, cached: false };
      } finally {
        if (inFlight.get(codeSystem) === own) inFlight.delete(codeSystem);
      }
    },
  };
}

export type AttachmentIndex = ReturnType<typeof createAttachmentIndex>;

type AttachmentOwner = {
  sub: string;
  actingAs: { odsCode: string; businessFunction: string; onBehalfOf?: { userId: string } } | null;
};

/** Attachments are remembered per user and acting context: what one sees, another may not. */
export function attachmentIndexKey({ sub, actingAs }: AttachmentOwner, ubrn: string): string {
  return [
    sub,
    actingAs?.odsCode ?? '',
    actingAs?.businessFunction ?? '',
    actingAs?.onBehalfOf?.userId ?? '',
    ubrn,
  ].join('\u0000');
}

/** After an A005: the referral's attachments, for A042 to check an id against. */
export function rememberAttachments(
  index: AttachmentIndex,
  owner: AttachmentOwner,
  ubrn: string,
  summary: ReferralSummary,
): void {
  index.remember(attachmentIndexKey(owner, ubrn), summary.attachments ?? []);
}

/**
 * An Advice and Guidance request's files (A024's and its conversation's, from A025), under a key
 * of their own: a request converted to a referral keeps its UBRN, and the referral's are others.
 */
export function adviceAttachmentKey(owner: AttachmentOwner, ubrn: string): string {
  return attachmentIndexKey(owner, `advice:${ubrn}`);
}

/** After an A024 or A025: its files, added to what the other has already listed. */
export function rememberAdviceAttachments(
  index: AttachmentIndex,
  owner: AttachmentOwner,
  ubrn: string,
  attachments: AttachmentSummary[],
): void {
  const key = adviceAttachmentKey(owner, ubrn);
  const known = index.lookup(key) ?? [];
  const ids = new Set(attachments.map((attachment) => attachment.id));
  index.remember(key, [...known.filter((attachment) => !ids.has(attachment.id)), ...attachments]);
}

export function createAttachmentIndex(options: { ttlMs?: number; now?: () => number } = {}) {
  const ttlMs = options.ttlMs ?? ATTACHMENT_INDEX_TTL_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { attachments: AttachmentSummary[]; expiresAt: number }>();

  return {
    remember(key: string, attachments: AttachmentSummary[]) {
      entries.delete(key);
      entries.set(key, { attachments, expiresAt: now() + ttlMs });
      // Oldest first out: a Map iterates in insertion order.
      while (entries.size > ATTACHMENT_INDEX_MAX_ENTRIES) {
        entries.delete(entries.keys().next().value!);
      }
    },
    lookup(key: string): AttachmentSummary[] | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.attachments;
    },
  };
}
