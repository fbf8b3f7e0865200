import { describe, expect, it } from 'vitest';
import { createPatientCache } from './patient-cache';

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
