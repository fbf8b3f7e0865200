/**
 * The suites run on the Node the project supports (the root package.json's `engines`): `npm test`
 * fetches Node 24 when the machine's is older, and this fails if anything in between (corepack,
 * pnpm, a script's PATH) quietly fell back to the machine's older Node.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const rootPackage = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { engines: { node: string } };

const parts = (version: string) =>
  version
    .replace(/^[>=v]+/, '')
    .split('.')
    .map(Number);

describe('the Node.js runtime', () => {
  it('is at least the one package.json#engines names', () => {
    const [wantMajor = 0, wantMinor = 0] = parts(rootPackage.engines.node);
    const [major = 0, minor = 0] = parts(process.versions.node);
    expect(major * 1000 + minor).toBeGreaterThanOrEqual(wantMajor * 1000 + wantMinor);
  });
});
