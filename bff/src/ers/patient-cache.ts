/**
 * What the patient route remembers, in this process's memory only (never the session store, never
 * disk), so a clinician opening referrals costs PDS one call per patient per session:
 *
 * - a referral's or Advice and Guidance request's NHS number, per user and acting context (as e-RS
 *   A005 or A024 showed it to them), for a minute: the referral and A&G request routes note it, so
 *   the banner that follows does not ask e-RS again;
 * - PDS's answer for each NHS number a session looked up, until that session's absolute end: the
 *   banner, keyed by the number PDS answered with (a superseded number is never kept against a
 *   patient: PDS asks clients to drop it; a restricted record's banner never held its location),
 *   or that PDS has no record (not found, invalidated), so that is not asked again either.
 *
 * - the NHS number of each row of every worklist served to a session (per acting context and list
 *   type: A008's, and A023's as `ADVICE_AND_GUIDANCE_REQUESTS`), until the session's absolute end:
 *   the worklists' patients routes look up only these, so the browser names a row by UBRN and can
 *   never have the BFF browse PDS by number;
 *
 * All are bounded: the oldest entries go first. Lookups of one patient in one session at the same
 * time (five referrals opened at once) share one PDS call, and a session's worklist lookups run
 * one request at a time (`serially`), so one session cannot take PDS's whole application limit.
 *
 * And, while it is on its way only, each e-RS A005 (A024) the referral (A&G request) and patient
 * routes make, per user, acting context and UBRN: the SPA asks for a referral (A&G request) and its
 * patient banner at once, both need the A005 (A024), and whichever arrives second waits for the
 * first's rather than asking again.
 */
import { createHash } from 'node:crypto';
import type { AdviceRequestSummary } from '@ers/shared/advice-and-guidance';
import type { PatientBanner } from '@ers/shared/patient';
import type { ReferralSummary } from '@ers/shared/referral-summary';
import type { AdviceWorklistType, WorklistType } from '@ers/shared/worklist-access';
import { attachmentIndexKey } from './caches';
import type { ErsOutcome } from './outcome';

export const NHS_NUMBER_INDEX_TTL_MS = 60_000;

/** Who asks for a referral's A005: the referral route, or the patient banner's. */
export type ReferralAsker = 'referral' | 'patient';
/** Who asks for an A&G request's A024: the A&G request route, or the patient banner's. */
export type AdviceAsker = 'request' | 'patient';
/** The e-RS retrieval that showed the user a referral's (A005) or an A&G request's (A024) patient. */
export type SummarySource = 'A005' | 'A024';
/** A list type whose rows the patients routes may look up: A008's, or A023's one. */
export type PatientListType = WorklistType | AdviceWorklistType;

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
const worklistRowKey = (sessionId: string, owner: Owner, listType: PatientListType, ubrn: string) =>
  `${sessionHash(sessionId)}\u0000${attachmentIndexKey(owner, `${listType}\u0000${ubrn}`)}`;
/** A UBRN is a referral or an A&G request, never both: each is known only from its own retrieval. */
const summaryKey = (owner: Owner, source: SummarySource, ubrn: string) =>
  attachmentIndexKey(owner, `${source}\u0000${ubrn}`);

export function createPatientCache(options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const nhsNumbers = new Map<string, { nhsNumber: string; expiresAt: number }>();
  type Known = ErsOutcome<PatientBanner> & { kind: 'ok' | 'not_found' };
  const answers = new Map<string, { outcome: Known; expiresAt: number }>();
  const inFlight = new Map<string, Promise<ErsOutcome<PatientBanner>>>();
  type Summary = ReferralSummary | AdviceRequestSummary;
  type SummaryFlight = {
    outcome: Promise<ErsOutcome<Summary>>;
    for: 'summary' | 'patient';
  };
  const summariesInFlight = new Map<string, SummaryFlight>();
  const worklistRows = new Map<string, { nhsNumber: string | null; expiresAt: number }>();
  const queues = new Map<string, Promise<unknown>>();

  function fresh<V extends { expiresAt: number }>(map: Map<string, V>, key: string) {
    const entry = map.get(key);
    if (entry && entry.expiresAt > now()) return entry;
    map.delete(key);
    return undefined;
  }

  /** One flight per key; see `referral` below for who joins whose and which answers are shared. */
  async function shareSummary<T extends Summary>(
    key: string,
    forPatient: boolean,
    load: () => Promise<ErsOutcome<T>>,
  ): Promise<{ outcome: ErsOutcome<T>; shared: boolean }> {
    const other = summariesInFlight.get(key);
    if (other && (forPatient || other.for === 'patient')) {
      // The key names the retrieval (A005 or A024), so the flight is one of `T`.
      const outcome = (await other.outcome.catch(() => undefined)) as ErsOutcome<T> | undefined;
      if (outcome && SHARED_ANSWERS.has(outcome.kind)) {
        return { outcome: { ...outcome, requestId: undefined }, shared: true };
      }
    }
    const mine = load();
    const own: SummaryFlight = { outcome: mine, for: forPatient ? 'patient' : 'summary' };
    summariesInFlight.set(key, own);
    try {
      return { outcome: await mine, shared: false };
    } finally {
      if (summariesInFlight.get(key) === own) summariesInFlight.delete(key);
    }
  }

  return {
    rememberNhsNumber(owner: Owner, source: SummarySource, ubrn: string, nhsNumber: string) {
      bounded(nhsNumbers, summaryKey(owner, source, ubrn), {
        nhsNumber,
        expiresAt: now() + NHS_NUMBER_INDEX_TTL_MS,
      });
    },
    nhsNumberOf(owner: Owner, source: SummarySource, ubrn: string): string | undefined {
      return fresh(nhsNumbers, summaryKey(owner, source, ubrn))?.nhsNumber;
    },
    /** After an A008 or A023 served to the session: each row's NHS number, for its patients route. */
    rememberWorklist(
      session: { id: string; expiresAt: number; owner: Owner },
      listType: PatientListType,
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
      listType: PatientListType,
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
    referral(
      owner: Owner,
      ubrn: string,
      asker: ReferralAsker,
      load: () => Promise<ErsOutcome<ReferralSummary>>,
    ): Promise<{ outcome: ErsOutcome<ReferralSummary>; shared: boolean }> {
      return shareSummary(summaryKey(owner, 'A005', ubrn), asker === 'patient', load);
    },
    /** The A024 for `ubrn` as `owner`, shared between the A&G request route and its banner's as A005 is. */
    adviceRequest(
      owner: Owner,
      ubrn: string,
      asker: AdviceAsker,
      load: () => Promise<ErsOutcome<AdviceRequestSummary>>,
    ): Promise<{ outcome: ErsOutcome<AdviceRequestSummary>; shared: boolean }> {
      return shareSummary(summaryKey(owner, 'A024', ubrn), asker === 'patient', load);
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
