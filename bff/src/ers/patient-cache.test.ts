import { describe, expect, it } from 'vitest';
import type { ReferralSummary } from '@ers/shared/referral-summary';
import type { ErsOutcome } from './outcome';
import { createPatientCache } from './patient-cache';

const owner = {
  sub: '555032006106',
  actingAs: { odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' },
};
const summary = { ubrn: '000000070000', nhsNumber: '9912003888' } as ReferralSummary;
const ok: ErsOutcome<ReferralSummary> = { kind: 'ok', body: summary, requestId: 'ers-1' };
const unavailable: ErsOutcome<ReferralSummary> = {
  kind: 'unavailable',
  reason: 'timeout',
  retryAfterMs: undefined,
  requestId: undefined,
};

/** A load that answers when told to, counting its calls. */
function pendingLoad() {
  const calls: Array<(outcome: ErsOutcome<ReferralSummary>) => void> = [];
  const load = () =>
    new Promise<ErsOutcome<ReferralSummary>>((resolve) => {
      calls.push(resolve);
    });
  return { load, calls };
}

describe('the A005 the referral and patient routes share while it is on its way', () => {
  it('is made once for requests at the same time, and again once answered', async () => {
    const cache = createPatientCache();
    const { load, calls } = pendingLoad();
    const first = cache.referral(owner, summary.ubrn, 'patient', load);
    const second = cache.referral(owner, summary.ubrn, 'patient', load);
    const otherReferral = cache.referral(owner, '000000070001', 'patient', load);
    expect(calls).toHaveLength(2);
    calls[0]!(ok);
    calls[1]!(ok);
    expect(await first).toEqual({ outcome: ok, shared: false });
    expect(await second).toEqual({ outcome: { ...ok, requestId: undefined }, shared: true });
    await otherReferral;
    void cache.referral(owner, summary.ubrn, 'patient', load);
    expect(calls).toHaveLength(3);
  });

  it('shares e-RS’s “not found” for the referral, as e-RS would say it again', async () => {
    const cache = createPatientCache();
    const { load, calls } = pendingLoad();
    const notFound: ErsOutcome<ReferralSummary> = {
      kind: 'not_found',
      ersCode: 'REFERENCE_NOT_FOUND',
      diagnostics: undefined,
      requestId: 'ers-2',
    };
    const first = cache.referral(owner, summary.ubrn, 'patient', load);
    const second = cache.referral(owner, summary.ubrn, 'patient', load);
    calls[0]!(notFound);
    expect(await first).toEqual({ outcome: notFound, shared: false });
    expect(await second).toEqual({ outcome: { ...notFound, requestId: undefined }, shared: true });
    expect(calls).toHaveLength(1);
  });

  it('is shared by the referral with the banner’s, but not between two views of the referral', () => {
    const cache = createPatientCache();
    const { load, calls } = pendingLoad();
    void cache.referral(owner, summary.ubrn, 'referral', load);
    void cache.referral(owner, summary.ubrn, 'referral', load);
    expect(calls).toHaveLength(2);
    void cache.referral(owner, summary.ubrn, 'patient', load);
    expect(calls).toHaveLength(2);

    const other = createPatientCache();
    const second = pendingLoad();
    void other.referral(owner, summary.ubrn, 'patient', second.load);
    void other.referral(owner, summary.ubrn, 'referral', second.load);
    expect(second.calls).toHaveLength(1);
  });

  it('is not shared with another acting context', () => {
    const cache = createPatientCache();
    const { load, calls } = pendingLoad();
    void cache.referral(owner, summary.ubrn, 'patient', load);
    void cache.referral(
      { ...owner, actingAs: { ...owner.actingAs, odsCode: 'R68' } },
      summary.ubrn,
      'patient',
      load,
    );
    expect(calls).toHaveLength(2);
  });

  it('passes on no failure: the request that waited makes its own call', async () => {
    const cache = createPatientCache();
    const { load, calls } = pendingLoad();
    const first = cache.referral(owner, summary.ubrn, 'patient', load);
    const second = cache.referral(owner, summary.ubrn, 'patient', load);
    calls[0]!(unavailable);
    expect(await first).toEqual({ outcome: unavailable, shared: false });
    await Promise.resolve();
    expect(calls).toHaveLength(2);
    calls[1]!(ok);
    expect(await second).toEqual({ outcome: ok, shared: false });

    const thrown = cache.referral(owner, summary.ubrn, 'patient', () =>
      Promise.reject(new Error('refused')),
    );
    const afterThrow = cache.referral(owner, summary.ubrn, 'patient', load);
    await expect(thrown).rejects.toThrow('refused');
    await Promise.resolve();
    calls[2]!(ok);
    expect(await afterThrow).toEqual({ outcome: ok, shared: false });
  });
});

describe('a session’s worklist lookups, one request at a time', () => {
  it('starts a session’s next run only when the one before settles, failed or not', async () => {
    const cache = createPatientCache();
    const events: string[] = [];
    let release!: () => void;
    const first = cache.serially('session-1', async () => {
      events.push('first started');
      await new Promise<void>((resolve) => (release = resolve));
      events.push('first ended');
      throw new Error('PDS down');
    });
    const second = cache.serially('session-1', async () => {
      events.push('second started');
      return 2;
    });
    const other = cache.serially('session-2', async () => {
      events.push('another session started');
    });
    await other;
    expect(events).toEqual(['first started', 'another session started']);
    release();
    await expect(first).rejects.toThrow('PDS down');
    expect(await second).toBe(2);
    expect(events).toEqual([
      'first started',
      'another session started',
      'first ended',
      'second started',
    ]);
  });
});

describe('the rows of worklists served', () => {
  const owner = {
    sub: 'user-1',
    actingAs: { odsCode: 'R69', businessFunction: 'SERVICE_PROVIDER_CLINICIAN' as const },
  };

  it('knows a row only for its session, acting context and list type, until the session ends', () => {
    let now = 0;
    const cache = createPatientCache({ now: () => now });
    const session = { id: 'session-1', expiresAt: 1_000, owner };
    cache.rememberWorklist(session, 'REFERRALS_FOR_REVIEW', [
      { ubrn: '000000080000', nhsNumber: '9912003888' },
      { ubrn: '000000080001', nhsNumber: null },
    ]);
    expect(cache.worklistNhsNumber(session, 'REFERRALS_FOR_REVIEW', '000000080000')).toBe(
      '9912003888',
    );
    expect(cache.worklistNhsNumber(session, 'REFERRALS_FOR_REVIEW', '000000080001')).toBeNull();
    expect(cache.worklistNhsNumber(session, 'APPOINTMENT_SLOT_ISSUES', '000000080000')).toBe(
      undefined,
    );
    expect(
      cache.worklistNhsNumber(
        { ...session, id: 'session-2' },
        'REFERRALS_FOR_REVIEW',
        '000000080000',
      ),
    ).toBe(undefined);
    const elsewhere = { ...owner, actingAs: { ...owner.actingAs, odsCode: 'RCD' } };
    expect(
      cache.worklistNhsNumber(
        { ...session, owner: elsewhere },
        'REFERRALS_FOR_REVIEW',
        '000000080000',
      ),
    ).toBe(undefined);
    now = 1_000;
    expect(cache.worklistNhsNumber(session, 'REFERRALS_FOR_REVIEW', '000000080000')).toBe(
      undefined,
    );
  });
});
