/**
 * Where an evidence suite leaves its one-line result for `npm test` to print at the end
 * (scripts/test.mjs sets EVIDENCE_DIR); run on its own, the line is only logged.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function recordEvidence(name: string, line: string): void {
  console.log(line);
  const dir = process.env.EVIDENCE_DIR;
  if (dir) writeFileSync(join(dir, `evidence-${name}.txt`), `${line}\n`);
}
