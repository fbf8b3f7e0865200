/**
 * The security evidence: every row of the attack table (areas/*.ts, one module per area) run
 * against the same two BFFs, each asserting the refusal and that nothing changed. Prints how many
 * cases were tried and how many held. On its own: `npm run evidence:security` in bff/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvidence } from '../record';
import { ATTACKS } from './areas';
import { startTargets, type Targets } from './targets';

let targets: Targets;
let held = 0;

beforeAll(async () => {
  targets = await startTargets();
});
afterAll(async () => {
  await targets?.close();
  recordEvidence('security', `security: ${ATTACKS.length} attack cases tried, ${held} held`);
});

it('the table has at least 250 cases, each named once', () => {
  expect(ATTACKS.length).toBeGreaterThanOrEqual(250);
  const names = ATTACKS.map((row) => `${row.area}: ${row.tries}`);
  expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
});

const byArea = new Map<string, typeof ATTACKS>();
for (const row of ATTACKS) byArea.set(row.area, [...(byArea.get(row.area) ?? []), row]);
describe.each([...byArea])('%s', (_area, rows) => {
  it.each(rows.map((row) => [row.tries, row] as const))('%s', async (_tries, row) => {
    await row.run(targets);
    held += 1;
  });
});
