import { describe, expect, it } from 'vitest';
import { WORKLIST_BUSINESS_FUNCTIONS, WORKLIST_TYPES } from './worklist-access';

describe('worklist types', () => {
  it('lets providers ask for provider lists and referrers for referrer lists', () => {
    for (const listType of WORKLIST_TYPES) {
      const allowed = WORKLIST_BUSINESS_FUNCTIONS[listType];
      const provider =
        listType === 'REFERRALS_FOR_REVIEW' || listType === 'APPOINTMENT_SLOT_ISSUES';
      expect(
        allowed.every((bf) => bf.startsWith(provider ? 'SERVICE_PROVIDER' : 'REFERRING')),
      ).toBe(true);
    }
  });
});
