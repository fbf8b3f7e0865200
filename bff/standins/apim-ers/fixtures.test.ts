import { describe, expect, it } from 'vitest';
import { toReferralSummary } from '@ers/shared/referral-summary';
import referralRequests from './fixtures/referral-requests.json' with { type: 'json' };

describe('e-RS stand-in fixtures (the spec examples)', () => {
  const entries = Object.entries(referralRequests);

  it('holds every A005 example', () => {
    expect(entries.length).toBeGreaterThanOrEqual(8);
  });

  it.each(entries)('%s maps to a referral summary', (ubrn, fixture) => {
    const result = toReferralSummary(fixture.resource);
    expect(result.ok).toBe(true);
    expect(result.ok && result.summary.ubrn).toBe(ubrn);
  });
});
