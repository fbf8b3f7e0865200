/**
 * What `npm start` prints: one block, from the stand-ins' own data, that a newcomer can act on,
 * and nothing else from the stand-ins' libraries while they start and sign people in.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REFERRALS } from '@ers/fixtures';
import { localBanner, sandboxBanner } from '../local/banner';
import { startSandboxEnvironment } from '../local/sandbox-environment';
import { PERSONAS, displayName } from '../standins/personas';
import { SANDBOX_PERSONAS } from '../standins/sandbox-personas';
import {
  Browser,
  signIn,
  startLocalEnvironment,
  type LocalEnvironment,
  WITHOUT_RATE_LIMITS,
} from './support/harness';

const PRIYA_SHAH = '555032006106'; // service provider clinician at RCD
const ALEX_MORGAN = '656005750109'; // referring clinician at RCD

/** Whatever the stand-ins' libraries print: oidc-provider warns and notices through console. */
const consoleLines: string[] = [];
let env: LocalEnvironment;
let banner: string;

beforeAll(async () => {
  for (const method of ['warn', 'info', 'error'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map(String).join(' '));
    });
  }
  env = await startLocalEnvironment({ logLevel: 'silent', ...WITHOUT_RATE_LIMITS });
  banner = localBanner(env);
});
afterAll(async () => {
  await env?.close();
});

/** The UBRNs the block offers: 12 digits after the referrals heading (user ids come before). */
function offeredUbrns(block: string): string[] {
  const referrals = block.slice(block.search(/Referrals to look up|referrals \(UBRNs\)/));
  return referrals.match(/\b\d{12}\b/g) ?? [];
}

describe('npm start', () => {
  it('prints the URL, every persona with what they show, and the stand-ins', () => {
    expect(banner).toContain(`Open ${env.origin} `);
    for (const persona of PERSONAS) {
      const line = banner.split('\n').find((candidate) => candidate.includes(persona.uid));
      expect(line).toMatch(new RegExp(`^ +${persona.uid} +${displayName(persona)} +`));
      expect(line?.endsWith(persona.summary)).toBe(true);
    }
    expect(banner).toContain(env.cis2.issuer);
    expect(banner).toContain(env.apimErs.origin);
  });

  it('offers every referral the e-RS stand-in holds, and no other', () => {
    expect(offeredUbrns(banner).sort()).toEqual([...REFERRALS.keys()].sort());
  });

  it('offers UBRNs that the e-RS stand-in serves, through the BFF, to a signed-in clinician', async () => {
    const provider = new Browser();
    const referrer = new Browser();
    await signIn(provider, env.origin, PRIYA_SHAH);
    await signIn(referrer, env.origin, ALEX_MORGAN);
    const opened = async (browser: Browser, ubrn: string) =>
      (await browser.request(`${env.origin}/api/referrals/${ubrn}`, { headers: { 'X-CSRF': '1' } }))
        .status;
    for (const ubrn of offeredUbrns(banner)) {
      // One end or the other of each referral: the stand-in's legitimate-relationship rule.
      const statuses = [await opened(provider, ubrn), await opened(referrer, ubrn)];
      expect(statuses, ubrn).toContain(200);
    }
  });

  it('answers a request the CIS2 stand-in refuses with its own error page', async () => {
    const refused = await fetch(`${env.cis2.issuer}/authorize?client_id=not-registered`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('There is a problem');
  });

  it('is one short block, with no warnings in it or around it', () => {
    expect(banner).toMatch(/^\ne-RS reference client[^\n]*\n\n {2}Open /);
    expect(banner).toMatch(/\n {2}Press Ctrl\+C to stop\.\n$/);
    expect(banner).not.toMatch(/warn|notice|deprecat/i);
    expect(banner).not.toContain('\u001b['); // no terminal colours: they are for warnings
    // Starting the stand-ins, signing two people in and a refusal (the tests above) printed nothing.
    expect(consoleLines).toEqual([]);
  });
});

describe('npm start -- --sandbox', () => {
  it("prints the URL, the sandbox's persona and the specification's example UBRNs", async () => {
    const sandbox = await startSandboxEnvironment({ logLevel: 'silent' });
    try {
      const block = sandboxBanner(sandbox);
      expect(block).toContain(`Open ${sandbox.origin} `);
      for (const persona of SANDBOX_PERSONAS) expect(block).toContain(persona.uid);
      // The sandbox serves the specification's examples only (README, "Against the public e-RS
      // sandbox"), verbatim in the fixtures.
      expect(offeredUbrns(block)).toEqual([
        '000000070000',
        '000000070001',
        '000000070002',
        '000000070003',
        '000000070004',
        '000000070005',
        '000000070011',
        '000000070012',
      ]);
      expect(block).toContain('https://sandbox.api.service.nhs.uk/referrals/FHIR');
    } finally {
      await sandbox.close();
    }
  });
});
