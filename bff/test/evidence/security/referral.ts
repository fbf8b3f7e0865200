/** The e-RS spec's booked referral example (A005), as the referral with another UBRN. */
import { specExample } from '../../support/harness';

const EXAMPLE_UBRN = '000000070001';

export function referralExample(ubrn: string): Record<string, unknown> {
  const example = JSON.stringify(specExample('/STU3/ReferralRequest/{ubrn}', 'get', 'booked-dbs'));
  return JSON.parse(example.replaceAll(EXAMPLE_UBRN, ubrn)) as Record<string, unknown>;
}
