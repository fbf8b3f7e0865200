/**
 * Evidence, load: signed-in sessions in several acting contexts for a fixed time against the BFF
 * over the stand-ins (load-run.ts). Every answer is the asking session's own and the asked
 * request's own, and nothing fails. `npm test` runs it briefly; for a longer run:
 *
 *   node scripts/pnpm.mjs --filter @ers/bff evidence:load
 */
import { describe, expect, it } from 'vitest';
import { formatLoad, loadSettings, runLoad } from './load-run';
import { recordEvidence } from './record';

const settings = loadSettings();

describe('evidence: load', () => {
  it(
    `${settings.sessions} sessions for ${settings.seconds} s: every answer its own, no errors`,
    async () => {
      const figures = await runLoad(settings);
      recordEvidence('load', formatLoad(figures));

      expect(figures.contexts).toBeGreaterThanOrEqual(5);
      expect(figures.requests).toBeGreaterThan(0);
      expect(figures.examples).toEqual([]);
      expect(figures.errors).toBe(0);
      expect(figures.crossed).toBe(0);
      expect(figures.controlSent).toBeGreaterThan(0);
      expect(figures.controlCaught).toBe(figures.controlSent);
    },
    // Sign-ins, the timed phase and start-up, with room for a loaded machine.
    60_000 + settings.seconds * 1000 + settings.sessions * 1000,
  );
});
