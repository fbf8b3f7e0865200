/**
 * The faults evidence: every fault row (ers.ts, sign-in.ts, store.ts) injected on its own,
 * each asserting a bounded, clear answer and nothing lost, and deadlines.ts, the dependencies that
 * hang. Prints how many faults were injected and survived. On its own: `npm run evidence:faults`
 * in bff/.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { recordEvidence } from '../record';
import { ERS_FAULTS } from './ers';
import { DEADLINE_FAULTS } from './deadlines';
import type { FaultRow } from './fault';
import { SIGN_IN_FAULTS } from './sign-in';
import { STORE_FAULTS } from './store';

const FAULTS: FaultRow[] = [...ERS_FAULTS, ...SIGN_IN_FAULTS, ...STORE_FAULTS, ...DEADLINE_FAULTS];
let survived = 0;

afterAll(() => {
  recordEvidence('faults', `faults: ${FAULTS.length} faults injected, ${survived} survived`);
});

it('the table has at least 25 faults, each named once', () => {
  expect(FAULTS.length).toBeGreaterThanOrEqual(25);
  const names = FAULTS.map((row) => `${row.dependency}: ${row.fault}`);
  expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
});

const byDependency = new Map<string, FaultRow[]>();
for (const row of FAULTS) {
  byDependency.set(row.dependency, [...(byDependency.get(row.dependency) ?? []), row]);
}

describe.each([...byDependency])('%s', (_dependency, rows) => {
  it.each(rows.map((row) => [row.fault, row] as const))('%s', async (_fault, row) => {
    await row.run();
    survived += 1;
  });
});
