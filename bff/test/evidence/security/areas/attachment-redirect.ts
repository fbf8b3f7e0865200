/**
 * Server-side request forgery through A042's 307: whoever writes e-RS's Location (a compromised
 * or spoofed upstream, a proxy in between) must not be able to point the BFF at this machine,
 * its network or the cloud metadata service. Each row has e-RS redirect somewhere it must not go
 * and asserts the download is refused as an invalid e-RS answer, that nothing at all was sent to
 * the target (the gateway's MockAgent answers every target origin below, so a request made would
 * be seen, not lost in a connection error), and that the one log line names the host and nothing
 * more of the URL (the URL is a credential).
 *
 * The gateway is configured as an operator might be: besides the object store, a few names are
 * allowlisted that the test's DNS resolves inward, so the address check is tried on its own.
 */
import { expect } from 'vitest';
import {
  INT_ORIGIN,
  OBJECT_STORE_ADDRESS,
  OBJECT_STORE_ORIGIN,
  problemOf,
} from '../../../support/harness';
import { gatewayRow, type AttackRow } from '../attack';
import { referralExample } from '../referral';
import type { Targets } from '../targets';

const OBJECT_STORE_HOST = new URL(OBJECT_STORE_ORIGIN).host;

/** The test's DNS for the gateway's object-store policy; a name not here does not resolve. */
export const OBJECT_STORE_DNS: Readonly<Record<string, readonly string[]>> = {
  [OBJECT_STORE_HOST]: [OBJECT_STORE_ADDRESS],
  'files-loopback.example.test': ['127.0.0.1'],
  'files-private.example.test': ['10.20.30.40'],
  'files-metadata.example.test': ['169.254.169.254'],
  'files-unique-local.example.test': ['fd00:ec2::254'],
  'files-mapped.example.test': ['::ffff:127.0.0.1'],
  'files-mixed.example.test': [OBJECT_STORE_ADDRESS, '192.168.0.10'],
  'files-nxdomain.example.test': [],
};

const BINARY_ID = '719f6045-e791-4029-8e0f-1201c02b0a55';
/** In the Location's query, as an object store's signature would be: it must never be logged. */
const SIGNATURE = 'X-Amz-Signature=5ec2e7c0ffee';
let nextUbrn = 70300;

type Redirect = {
  tries: string;
  /** e-RS's Location, before the signature is appended (when it parses as a URL). */
  location: string | undefined;
  /** The host the refusal logs (URL.host, normalised), or undefined when it has none. */
  host: string | undefined;
  /** Which rule refused it, as its log line says. */
  reason: RegExp;
};

const OFF_LIST = /not in ERS_OBJECT_STORE_HOSTS/;

const redirects: Redirect[] = [
  // Address literals: off the allowlist, and refused by the address check even were they on it.
  ...(
    [
      ['loopback, dotted', 'https://127.0.0.1/x', '127.0.0.1'],
      ['loopback in hex (0x7f000001)', 'https://0x7f000001/x', '127.0.0.1'],
      ['loopback as one decimal number (2130706433)', 'https://2130706433/x', '127.0.0.1'],
      ['loopback in octal (0177.0.0.1)', 'https://0177.0.0.1/x', '127.0.0.1'],
      ['loopback shortened (127.1)', 'https://127.1/x', '127.0.0.1'],
      ['IPv6 loopback ([::1])', 'https://[::1]/x', '[::1]'],
      ['IPv6 loopback written out ([0:0:0:0:0:0:0:1])', 'https://[0:0:0:0:0:0:0:1]/x', '[::1]'],
      [
        'IPv4-mapped loopback ([::ffff:127.0.0.1])',
        'https://[::ffff:127.0.0.1]/x',
        '[::ffff:7f00:1]',
      ],
      ['this network (0.0.0.0)', 'https://0.0.0.0/x', '0.0.0.0'],
      ['private 10/8', 'https://10.0.0.1/x', '10.0.0.1'],
      ['private 172.16/12', 'https://172.31.255.254/x', '172.31.255.254'],
      ['private 192.168/16', 'https://192.168.1.1/x', '192.168.1.1'],
      [
        'link-local: the cloud metadata service',
        'https://169.254.169.254/latest/meta-data/iam/security-credentials/',
        '169.254.169.254',
      ],
      [
        'the metadata service inside IPv6 ([::ffff:a9fe:a9fe])',
        'https://[::ffff:a9fe:a9fe]/latest/meta-data/',
        '[::ffff:a9fe:a9fe]',
      ],
      ['IPv6 link-local ([fe80::1])', 'https://[fe80::1]/x', '[fe80::1]'],
      ['IPv6 unique-local ([fd00::1])', 'https://[fd00::1]/x', '[fd00::1]'],
      ['localhost by name', 'https://localhost/x', 'localhost'],
    ] as const
  ).map(([what, location, host]) => ({
    tries: `a redirect to ${what}`,
    location,
    host,
    reason: OFF_LIST,
  })),
  // Allowlisted names whose addresses are not public: the address check alone refuses them.
  ...(
    [
      ['loopback', 'files-loopback.example.test', /loopback/],
      ['a private address', 'files-private.example.test', /private/],
      ['the cloud metadata address', 'files-metadata.example.test', /link-local/],
      ['a unique-local IPv6 address', 'files-unique-local.example.test', /unique-local/],
      ['loopback inside IPv6 (::ffff:127.0.0.1)', 'files-mapped.example.test', /loopback/],
      ['one public and one private address', 'files-mixed.example.test', /private/],
      ['nothing at all', 'files-nxdomain.example.test', /does not resolve/],
    ] as const
  ).map(([what, host, reason]) => ({
    tries: `an allowlisted name that resolves to ${what}`,
    location: `https://${host}/x`,
    host,
    reason,
  })),
  {
    tries: 'a redirect to a public host off the allowlist',
    location: 'https://attacker.example.org/x',
    host: 'attacker.example.org',
    reason: OFF_LIST,
  },
  {
    tries: 'a redirect to the allowlisted host as a prefix of another',
    location: `https://${OBJECT_STORE_HOST}.attacker.example.org/x`,
    host: `${OBJECT_STORE_HOST}.attacker.example.org`,
    reason: OFF_LIST,
  },
  {
    tries: 'a redirect to the allowlisted host on another port',
    location: `https://${OBJECT_STORE_HOST}:8443/x`,
    host: `${OBJECT_STORE_HOST}:8443`,
    reason: OFF_LIST,
  },
  {
    tries: 'a redirect to the allowlisted host over plain http',
    location: `http://${OBJECT_STORE_HOST}/x`,
    host: OBJECT_STORE_HOST,
    reason: /http: URL/,
  },
  {
    tries: 'a redirect to the cloud metadata service over plain http',
    location: 'http://169.254.169.254/latest/meta-data/',
    host: '169.254.169.254',
    reason: /http: URL/,
  },
  {
    tries: 'a redirect to a file: URL',
    location: 'file:///etc/passwd',
    host: undefined,
    reason: /file: URL/,
  },
  {
    tries: 'a redirect to the allowlisted host with a user and password in the URL',
    location: `https://svc:hunter2@${OBJECT_STORE_HOST}/x`,
    host: OBJECT_STORE_HOST,
    reason: /credentials/,
  },
  {
    tries: 'a redirect to the allowlisted host with a user name in the URL',
    location: `https://svc@${OBJECT_STORE_HOST}/x`,
    host: OBJECT_STORE_HOST,
    reason: /credentials/,
  },
  {
    tries: 'a protocol-relative redirect (//127.0.0.1)',
    location: '//127.0.0.1/x',
    host: undefined,
    reason: /relative or malformed/,
  },
  {
    tries: 'a redirect without a Location',
    location: undefined,
    host: undefined,
    reason: /without a Location/,
  },
];

const SECOND_HOP = 'https://127.0.0.1';

const withSignature = (location: string) =>
  `${location}${location.includes('?') ? '&' : '?'}${SIGNATURE}`;

/** Every origin a row's Location names: the gateway's MockAgent answers (and records) each. */
export const REDIRECT_TARGET_ORIGINS: string[] = [
  ...new Set(
    // The second hop's target too, so that following it would be seen.
    [...redirects.map((each) => each.location), SECOND_HOP]
      .flatMap((location) => {
        try {
          return location && /^https?:/.test(location) ? [new URL(location).origin] : [];
        } catch {
          return [];
        }
      })
      .filter((origin) => origin !== INT_ORIGIN && origin !== OBJECT_STORE_ORIGIN),
  ),
];

/** A referral (its own UBRN, so no attachment index is shared) whose A042 answers `a042`. */
function referralWithAttachment(targets: Targets, a042: { headers: Record<string, string> }) {
  const ubrn = `0000000${nextUbrn++}`;
  const { upstream } = targets.gw;
  upstream.on('GET', `/referrals/FHIR/STU3/ReferralRequest/${ubrn}`, {
    status: 200,
    body: referralExample(ubrn),
  });
  upstream.on('GET', `/referrals/FHIR/R4/Binary/${BINARY_ID}`, { status: 307, ...a042 });
  return `/api/referrals/${ubrn}/attachments/${BINARY_ID}`;
}

/** What the gateway logged and sent upstream from here on. */
function watch(targets: Targets) {
  const { gw } = targets;
  const [logs, raw, calls] = [gw.logs.length, gw.rawLog.length, gw.upstream.calls.length];
  return {
    refusals: () =>
      gw.logs.slice(logs).filter((line) => line.msg === 'attachment redirect refused'),
    rawLog: () => gw.rawLog.slice(raw).join('\n'),
    calls: () => gw.upstream.calls.slice(calls),
  };
}

function redirectRow(redirect: Redirect): AttackRow {
  return gatewayRow('SSRF through the attachment redirect', redirect.tries, async (targets) => {
    const location = redirect.location && withSignature(redirect.location);
    const path = referralWithAttachment(targets, {
      headers: location === undefined ? {} : { location },
    });
    const seen = watch(targets);
    const response = await targets.gw.request(path, { sessionId: targets.sessionId });

    expect(
      seen.calls().filter((call) => call.origin !== INT_ORIGIN),
      'a request left for the target',
    ).toEqual([]);
    expect(response.status).toBe(502);
    expect(await problemOf(response)).toMatchObject({ code: 'upstream_invalid_response' });
    const refusals = seen.refusals();
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ reason: expect.stringMatching(redirect.reason) });
    expect(refusals[0]!.objectStoreHost).toBe(redirect.host);
    const logged = seen.rawLog();
    expect(logged).not.toContain(SIGNATURE);
    expect(logged).not.toContain('hunter2');
    expect(logged).not.toContain('meta-data');
  });
}

const secondRedirect = gatewayRow(
  'SSRF through the attachment redirect',
  "the object store's own redirect to loopback (a second hop) is not followed",
  async (targets) => {
    const first = `${OBJECT_STORE_ORIGIN}/attachments/hop?${SIGNATURE}`;
    const path = referralWithAttachment(targets, { headers: { location: first } });
    targets.gw.upstream.on('GET', first, {
      status: 302,
      headers: { location: `${SECOND_HOP}/second?${SIGNATURE}` },
    });
    const seen = watch(targets);
    const response = await targets.gw.request(path, { sessionId: targets.sessionId });

    expect(response.status).toBe(502);
    await response.body?.cancel();
    expect(
      seen
        .calls()
        .filter((call) => call.origin !== INT_ORIGIN)
        .map((call) => `${call.origin}${call.path}`),
    ).toEqual([first]);
    expect(seen.rawLog()).not.toContain(SIGNATURE);
  },
);

export const SSRF_THROUGH_THE_REDIRECT: AttackRow[] = [
  ...redirects.map(redirectRow),
  secondRedirect,
];
