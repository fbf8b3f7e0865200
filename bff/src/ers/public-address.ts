/**
 * Is an IP address one on the public internet? The object store A042 redirects to is a public
 * service, so a redirect that resolves anywhere else (this machine, the hosting network, the
 * cloud metadata service) is refused: server-side request forgery through e-RS's Location.
 *
 * Ranges from the IANA special-purpose address registries (RFC 6890 and its updates). IPv6 forms
 * that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address, so
 * `::ffff:127.0.0.1` is loopback like `127.0.0.1`. Addresses come from `new URL()` (which has
 * already turned `0x7f000001` or `2130706433` into `127.0.0.1`) or from DNS.
 */
import { isIPv4, isIPv6 } from 'node:net';

type Range = { start: bigint; bits: number; size: 32 | 128; why: string };

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

/** The 128-bit value of an IPv6 address (`::`, a trailing dotted IPv4 and zone ids allowed). */
function ipv6Value(address: string): bigint {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4Value(dotted[1]!);
    text = `${text.slice(0, -dotted[1]!.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? headGroups
      : [
          ...headGroups,
          ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'),
          ...tailGroups,
        ];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

const v4 = (cidr: string, why: string): Range => {
  const [base, bits] = cidr.split('/') as [string, string];
  return { start: ipv4Value(base), bits: Number(bits), size: 32, why };
};
const v6 = (cidr: string, why: string): Range => {
  const [base, bits] = cidr.split('/') as [string, string];
  return { start: ipv6Value(base), bits: Number(bits), size: 128, why };
};

const IPV4_RANGES: Range[] = [
  v4('0.0.0.0/8', 'this network'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'shared address space'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'IETF protocol assignments'),
  v4('192.0.2.0/24', 'documentation'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

const IPV6_RANGES: Range[] = [
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  v6('100::/64', 'discard-only'),
  v6('2001::/32', 'Teredo'),
  v6('2001:db8::/32', 'documentation'),
  v6('fc00::/7', 'unique-local'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'site-local'),
  v6('ff00::/8', 'multicast'),
];

const within = (value: bigint, range: Range) =>
  value >> BigInt(range.size - range.bits) === range.start >> BigInt(range.size - range.bits);

/** IPv6 forms whose meaning is an IPv4 address: that address, else undefined. */
function embeddedIpv4(value: bigint): bigint | undefined {
  const low32 = value & 0xffffffffn;
  if (value >> 32n === 0xffffn) return low32; // ::ffff:a.b.c.d, IPv4-mapped
  if (value >> 32n === 0n && value > 1n) return low32; // ::a.b.c.d, IPv4-compatible (deprecated)
  if (value >> 32n === 0x64ff9b0000000000000000n) return low32; // 64:ff9b::/96, NAT64
  if (value >> 112n === 0x2002n) return (value >> 80n) & 0xffffffffn; // 2002::/16, 6to4
  return undefined;
}

function ipv4Refusal(value: bigint): string | undefined {
  if (value === 0xffffffffn) return 'broadcast';
  return IPV4_RANGES.find((range) => within(value, range))?.why;
}

/**
 * Why `address` is not a public unicast address, or undefined when it is. Anything that is not
 * an IP address at all is refused too: only resolved addresses are ever judged.
 */
export function nonPublicAddress(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIPv4(bare)) return ipv4Refusal(ipv4Value(bare));
  if (!isIPv6(bare)) return 'not an IP address';
  const value = ipv6Value(bare);
  const ipv4 = embeddedIpv4(value);
  if (ipv4 !== undefined) {
    const why = ipv4Refusal(ipv4);
    return why && `${why} (IPv4 in IPv6)`;
  }
  return IPV6_RANGES.find((range) => within(value, range))?.why;
}

/** Is `address` loopback (127/8, ::1, or IPv4 loopback inside IPv6)? */
export function isLoopback(address: string): boolean {
  return nonPublicAddress(address)?.startsWith('loopback') === true;
}
