/**
 * What the patient route remembers, in this process's memory only (never the session store, never
 * disk), so a clinician opening referrals costs PDS one call per patient per session:
 *
 * - a referral's NHS number, per user and acting context (as e-RS A005 showed it to them), for a
 *   minute: the referral route notes it, so the banner that follows does not ask e-RS again;
 * - PDS's answer for each NHS number a session looked up, until that session's absolute end: the
 *   banner, keyed by the number PDS answered with (a superseded number is never kept against a
 *   patient: PDS asks clients to drop it; a restricted record's banner never held its location),
 *   or that PDS has no record (not found, invalidated), so that is not asked again either.
 *
 * - the NHS number of each row of every worklist served to a session (per acting context and list
 *   type), until the session's absolute end: the worklist's patients route looks up only these, so
 *   the browser names a row by UBRN and can never have the BFF browse PDS by number;
 *
 * All are bounded: the oldest entries go first. Lookups of one patient in one session at the same
 * time (five referrals opened at once) share one PDS call, and a session's worklist lookups run
 * one request at a time (`serially`), so one session cannot take PDS's whole application limit.
 *
 * And, while it is on its way only, each e-RS A005 the referral and patient routes make, per user,
 * acting context and referral: the SPA asks for a referral and its patient banner at once, both
 * need the A005, and whichever arrives second waits for the first's rather than asking again.
 */
import { createHash } from 'node:crypto';
import type { PatientBanner } from '@ers/shared/patient';
import type { ReferralSummary } from '@ers/shared/referral-summary';
import type { WorklistType } from '@ers/shared/worklist-access';
import { attachmentIndexKey } from './caches';
import type { ErsOutcome } from './outcome';

export const NHS_NUMBER_INDEX_TTL_MS = 60_000;

/** Who asks for a referral's A005: the referral route, or the patient banner's. */
export type ReferralAsker = 'referral' | 'patient';

/** e-RS's answers about a referral that another request of the same user and context shares. */
const SHARED_ANSWERS: ReadonlySet<ErsOutcome<unknown>['kind']> = new Set([
  'ok',
  'not_found',
  'forbidden',
  'no_relationship',
  'unprocessable',
]);
const MAX_ENTRIES = 10_000;
/** Rows of served worklists, all sessions together: about 100 bytes each. */
const MAX_WORKLIST_ROWS = 100_000;

type Owner = Parameters<typeof attachmentIndexKey>[0];

export type PatientCache = ReturnType<typeof createPatientCache>;

function bounded<V>(map: Map<string, V>, key: string, value: V, max = MAX_ENTRIES) {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value!);
}

/** A session id is a bearer secret: held here only as a hash. */
const sessionHash = (sessionId: string) =>
  createHash('sha256').update(sessionId).digest('base64url');
const sessionKey = (sessionId: string, nhsNumber: string) =>
  `${sessionHash(sessionId)}\u0000${nhsNumber}`;
const worklistRowKey = (sessionId: string, owner: Owner, listType: WorklistType, ubrn: string) =>
  `${sessionHash(sessionId)}\u0000${attachmentIndexKey(owner, `${listType}\u0000${ubrn}`)}`;

export function createPatientCache(options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const nhsNumbers = new Map<string, { nhsNumber: string; expiresAt: number }>();
  type Known = ErsOutcome<PatientBanner> & { kind: 'ok' | 'not_found' };
  const answers = new Map<string, { outcome: Known; expiresAt: number }>();
  const inFlight = new Map<string, Promise<ErsOutcome<PatientBanner>>>();
  type ReferralFlight = { outcome: Promise<ErsOutcome<ReferralSummary>>; for: ReferralAsker };
  const referralsInFlight = new Map<string, ReferralFlight>();
  const worklistRows = new Map<string, { nhsNumber: string | null; expiresAt: number }>();
  const queues = new Map<string, Promise<unknown>>();

  function fresh<V extends { expiresAt: number }>(map: Map<string, V>, key: string) {
    const entry = map.get(key);
    if (entry && entry.expiresAt > now()) return entry;
    map.delete(key);
    return undefined;
  }

  return {
    rememberNhsNumber(owner: Owner, ubrn: string, nhsNumber: string) {
      bounded(nhsNumbers, attachmentIndexKey(owner, ubrn), {
        nhsNumber,
        expiresAt: now() + NHS_NUMBER_INDEX_TTL_MS,
      });
    },
    nhsNumberOf(owner: Owner, ubrn: string): string | undefined {
      return fresh(nhsNumbers, attachmentIndexKey(owner, ubrn))?.nhsNumber;
    },
    /** After an A008 served to the session: each row's NHS number, for its patients route. */
    rememberWorklist(
      session: { id: string; expiresAt: number; owner: Owner },
      listType: WorklistType,
      rows: readonly { ubrn: string; nhsNumber: string | null }[],
    ) {
      for (const row of rows) {
        bounded(
          worklistRows,
          worklistRowKey(session.id, session.owner, listType, row.ubrn),
          { nhsNumber: row.nhsNumber, expiresAt: session.expiresAt },
          MAX_WORKLIST_ROWS,
        );
      }
    },
    /**
     * The NHS number of `ubrn`'s row on a `listType` worklist served to the session in this
     * acting context (null: the row had none), or undefined when no such row was served.
     */
    worklistNhsNumber(
      session: { id: string; owner: Owner },
      listType: WorklistType,
      ubrn: string,
    ): string | null | undefined {
      return fresh(worklistRows, worklistRowKey(session.id, session.owner, listType, ubrn))
        ?.nhsNumber;
    },
    /** Runs the session's calls one after another (each starts when the one before settles). */
    async serially<T>(sessionId: string, run: () => Promise<T>): Promise<T> {
      const key = sessionHash(sessionId);
      const mine = (queues.get(key) ?? Promise.resolve()).then(run);
      const tail = mine.catch(() => undefined);
      queues.set(key, tail);
      try {
        return await mine;
      } finally {
        if (queues.get(key) === tail) queues.delete(key);
      }
    },
    /**
     * The A005 for `ubrn` as `owner`, for the referral route or the patient banner's: the one
     * another request is already making (`shared`), or `load()`'s. The banner needs A005 only for
     * the NHS number, so it joins any; the referral joins the banner's only, as two views of the
     * referral are two retrievals from e-RS (and count against its limits) as they always were.
     * Shared when it is e-RS's answer about the referral for this user and context (the
     * referral, or not found, not theirs to see, not processable); not when it failed in a way
     * that may be that request's alone (a token refused, a limit, e-RS unreachable) or threw:
     * this request then makes its own call.
     */
    async referral(
      owner: Owner,
      ubrn: string,
      asker: ReferralAsker,
      load: () => Promise<ErsOutcome<ReferralSummary>>,
    ): Promise<{ outcome: ErsOutcome<ReferralSummary>; shared: boolean }> {
      const key = attachmentIndexKey(owner, ubrn);
      const other = referralsInFlight.get(key);
      if (other && (asker === 'patient' || other.for === 'patient')) {
        const outcome = await other.outcome.catch(() => undefined);
        if (outcome && SHARED_ANSWERS.has(outcome.kind)) {
          return { outcome: { ...outcome, requestId: undefined }, shared: true };
        }
      }
      const own: ReferralFlight = { outcome: load(), for: asker };
      referralsInFlight.set(key, own);
      try {
        return { outcome: await own.outcome, shared: false };
      } finally {
        if (referralsInFlight.get(key) === own) referralsInFlight.delete(key);
      }
    },
    /**
     * The session's banner for `nhsNumber`: remembered, or being fetched by another request of
     * the session (`cached`), or `load()`'s answer, remembered when PDS found the patient or
     * said it has no record.
     */
    async patient(
      sessionId: string,
      sessionExpiresAt: number,
      nhsNumber: string,
      load: () => Promise<ErsOutcome<PatientBanner>>,
    ): Promise<{ outcome: ErsOutcome<PatientBanner>; cached: boolean }> {
      const key = sessionKey(sessionId, nhsNumber);
      const hit = fresh(answers, key);
      if (hit) return { outcome: { ...hit.outcome, requestId: undefined }, cached: true };
      const shared = inFlight.get(key);
      if (shared) {
        const outcome = await shared;
        if (outcome.kind === 'ok' || outcome.kind === 'not_found') {
          return { outcome: { ...outcome, requestId: undefined }, cached: true };
        }
      }
      const own = load();
      inFlight.set(key, own);
      try {
        const outcome = await own;
        if (outcome.kind === 'ok') {
          // Under the number PDS answered with, and without the referral's: a superseded
          // number is not kept against the patient (see above).
          bounded(answers, sessionKey(sessionId, outcome.body.nhsNumber), {
            outcome: { ...outcome, body: { ...outcome.body, supersededNhsNumber: null } },
            expiresAt: sessionExpiresAt,
          });
        } else if (outcome.kind === 'not_found') {
          bounded(answers, key, { outcome, expiresAt: sessionExpiresAt });
        }
        return { outcome, cached: false };
      } finally {
        if (inFlight.get(key) === own) inFlight.delete(key);
      }
    },
  };
}
