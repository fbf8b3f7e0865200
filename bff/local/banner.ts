/**
 * The block `npm start` prints once everything listens: where to go, whom to sign in as and
 * which referrals to look up. Built from the stand-ins' own data (their personas and the e-RS
 * fixtures they serve), never a hand-copied list, so it cannot drift from what they answer.
 */
import { REFERRALS, type ReferralFixture } from '@ers/fixtures';
import { PERSONAS, displayName, type Persona } from '../standins/personas';
import { SANDBOX_PERSONAS } from '../standins/sandbox-personas';
import type { LocalEnvironment } from './local-environment';
import type { SandboxEnvironment } from './sandbox-environment';

/** One line of things to try: a label and what it offers (UBRNs, mostly). */
export type Offer = { label: string; items: string[] };

export type Banner = {
  title: string;
  origin: string;
  personas: readonly Persona[];
  offersHeading: string;
  offers: readonly Offer[];
  /** The other services running, as [what, URL]. */
  services: ReadonlyArray<readonly [string, string]>;
};

const WIDTH = 100;

/** Words joined by ", " on lines of at most WIDTH characters, each starting with `indent`. */
function wrap(words: string[], indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line ? `${line}, ${word}` : word;
    if (line && indent.length + next.length > WIDTH) {
      lines.push(`${indent}${line},`);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(`${indent}${line}`);
  return lines;
}

export function renderBanner(banner: Banner): string {
  const nameWidth = Math.max(...banner.personas.map((persona) => displayName(persona).length));
  const labelWidth = Math.max(...banner.offers.map(({ label }) => label.length)) + 2;
  const serviceWidth = Math.max(...banner.services.map(([what]) => what.length)) + 2;
  return [
    '',
    banner.title,
    '',
    `  Open ${banner.origin} and sign in as a test user (pick one on the CIS2 stand-in's page):`,
    ...banner.personas.map(
      (persona) =>
        `    ${persona.uid}  ${displayName(persona).padEnd(nameWidth)}  ${persona.summary}`,
    ),
    '',
    `  ${banner.offersHeading}`,
    ...banner.offers.flatMap(({ label, items }) => {
      const [first = '', ...rest] = wrap(items, ' '.repeat(4 + labelWidth));
      return [`    ${`${label}:`.padEnd(labelWidth)}${first.trimStart()}`, ...rest];
    }),
    '',
    ...banner.services.map(([what, url]) => `  ${`${what}:`.padEnd(serviceWidth)}${url}`),
    '',
    '  Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

/**
 * The e-RS stand-in's referrals by who sent them where: its legitimate-relationship rule opens a
 * referral to clinicians at either end (bff/standins/apim-ers/ers/rules.ts).
 */
export function referralsBySenderAndReceiver(
  referrals: Iterable<ReferralFixture> = REFERRALS.values(),
): Offer[] {
  const groups = new Map<string, Offer>();
  for (const { ubrn, referringOrg, providerOrg } of referrals) {
    const label = `sent by ${referringOrg} to ${providerOrg}`;
    const group = groups.get(label) ?? { label, items: [] };
    groups.set(label, { label, items: [...group.items, ubrn] });
  }
  return [...groups.values()];
}

/**
 * The referrals that are the e-RS specification's own examples, which the public sandbox
 * serves: the fixtures derived from them record the renumbering (`id <example> -> <ubrn>`).
 */
export function specificationExampleUbrns(
  referrals: Iterable<ReferralFixture> = REFERRALS.values(),
): string[] {
  return [...referrals]
    .filter(({ changes }) => !changes.some((change) => change.startsWith('id ')))
    .map(({ ubrn }) => ubrn);
}

/** `npm start`: the BFF, the CIS2 stand-in and the APIM + e-RS stand-in. */
export function localBanner(environment: LocalEnvironment): string {
  return renderBanner({
    title:
      'e-RS reference client, with local stand-ins for CIS2, APIM and e-RS (in-memory sessions)',
    origin: environment.origin,
    personas: PERSONAS,
    offersHeading:
      'Referrals to look up (UBRNs), for a clinician at the organisation that sent or received them:',
    offers: referralsBySenderAndReceiver(),
    services: [
      ['CIS2 stand-in', environment.cis2.issuer],
      ['APIM + e-RS stand-in', environment.apimErs.origin],
    ],
  });
}

/** `npm start -- --sandbox`: the BFF and the CIS2 stand-in, with NHS's public e-RS sandbox. */
export function sandboxBanner(environment: SandboxEnvironment): string {
  return renderBanner({
    title:
      'e-RS reference client against the public e-RS sandbox (CIS2 stand-in, in-memory sessions)',
    origin: environment.origin,
    personas: SANDBOX_PERSONAS,
    offersHeading:
      "What the sandbox answers, the same for everyone (the e-RS specification's examples):",
    offers: [
      { label: 'referrals (UBRNs)', items: specificationExampleUbrns() },
      { label: 'worklists', items: ['without filters'] },
      {
        label: 'reference data',
        items: ['SPECIALTY', 'CLINIC-TYPE', 'PRIORITY', 'the cancellation reasons'],
      },
    ],
    services: [
      ['CIS2 stand-in', environment.cis2.issuer],
      ['e-RS (no APIM, no token)', environment.config.ERS_BASE_URL],
    ],
  });
}
