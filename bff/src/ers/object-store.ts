/**
 * Where e-RS A042's 307 may send the BFF: the object store, and nowhere else. The Location comes
 * from upstream, so following it blindly would let whoever controls it (a compromised or spoofed
 * upstream, a proxy in between) make the BFF request any address it can reach, this machine and
 * its network included (OWASP, "Server-Side Request Forgery Prevention Cheat Sheet").
 *
 * A redirect is followed only when all of these hold:
 * - https (plain http only for the local stand-ins), no credentials in the URL;
 * - its host (with any port) is one of the configured object-store hosts, exactly;
 * - every address the host resolves to is public (public-address.ts), checked before the request
 *   and again when the connection is made, so DNS that changes its answer in between (rebinding)
 *   is refused too. Loopback is allowed only for the local stand-ins.
 * The object store's own redirects are never followed: one hop, e-RS's, at most.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent } from 'undici';
import { isLoopback, nonPublicAddress } from './public-address';

export type ObjectStorePolicy = {
  /** `host` or `host:port` exactly as `URL.host` gives it; the default port is left out. */
  hosts: readonly string[];
  /** Plain http: the local stand-ins only. */
  allowHttp: boolean;
  /** The local stand-ins serve the object store on this machine. */
  allowLoopback: boolean;
  /** DNS: every address of `hostname`. Tests pass their own; never the network's in a test. */
  resolve?: ((hostname: string) => Promise<string[]>) | undefined;
};

export type ObjectStoreRefusal = {
  /** For the log: says why, never the URL (the URL is a credential). */
  reason: string;
  /** The host asked for, when there was one: the log names it so an operator can allow it. */
  host?: string;
};

const resolveAll = (hostname: string): Promise<string[]> =>
  new Promise((done, fail) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? fail(error) : done(addresses.map((each) => each.address)),
    ),
  );

/** Why `address` may not be connected to under `policy`, or undefined. */
function addressRefusal(address: string, policy: ObjectStorePolicy): string | undefined {
  if (policy.allowLoopback && isLoopback(address)) return undefined;
  const why = nonPublicAddress(address);
  return why && `resolves to a ${why} address`;
}

/** The URL A042's Location names, if the policy lets us go there: the checks that need no DNS. */
export function objectStoreUrl(
  location: string | undefined,
  policy: ObjectStorePolicy,
): URL | ObjectStoreRefusal {
  if (!location) return { reason: 'redirect without a Location' };
  let target: URL;
  try {
    target = new URL(location);
  } catch {
    return { reason: 'redirect to a relative or malformed Location' };
  }
  const host = target.host;
  if (target.protocol !== 'https:' && !(target.protocol === 'http:' && policy.allowHttp)) {
    return { reason: `redirect to a ${target.protocol} URL`, ...(host ? { host } : {}) };
  }
  if (target.username || target.password) {
    return { reason: 'redirect to a URL with credentials', host };
  }
  if (!policy.hosts.includes(host)) {
    return { reason: 'redirect to a host not in ERS_OBJECT_STORE_HOSTS', host };
  }
  return target;
}

/** Every address the URL's host resolves to must pass; a refusal otherwise. */
export async function checkObjectStoreAddresses(
  target: URL,
  policy: ObjectStorePolicy,
): Promise<ObjectStoreRefusal | undefined> {
  const hostname = target.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(hostname)) {
    addresses = [hostname];
  } else {
    try {
      addresses = await (policy.resolve ?? resolveAll)(hostname);
    } catch {
      return { reason: 'object-store host does not resolve', host: target.host };
    }
  }
  if (addresses.length === 0) {
    return { reason: 'object-store host does not resolve', host: target.host };
  }
  for (const address of addresses) {
    const why = addressRefusal(address, policy);
    if (why) return { reason: why, host: target.host };
  }
  return undefined;
}

/** Thrown by the guarded lookup; the object-store call reports it as a refusal. */
export class ObjectStoreAddressError extends Error {
  override name = 'ObjectStoreAddressError';
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * `net.connect`'s `lookup`, checking the addresses the socket will actually use. Node does not
 * call it for an IP literal; those were checked before the request (checkObjectStoreAddresses).
 */
export function guardedLookup(policy: ObjectStorePolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    (policy.resolve ?? resolveAll)(hostname).then(
      (addresses) => {
        const refused = addresses
          .map((address) => addressRefusal(address, policy))
          .find((why) => why !== undefined);
        if (addresses.length === 0 || refused) {
          callback(new ObjectStoreAddressError(refused ?? 'does not resolve'), '');
          return;
        }
        const entries = addresses.map((address) => ({ address, family: isIP(address) }));
        if (options.all) callback(null, entries);
        else callback(null, entries[0]!.address, entries[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

/** The object store's own keep-alive pool, which connects only where the policy allows. */
export function createObjectStoreAgent(policy: ObjectStorePolicy): Agent {
  return new Agent({
    keepAliveTimeout: 10_000,
    connections: 8,
    connect: { timeout: 5_000, lookup: guardedLookup(policy) },
  });
}

/** Was this failure the guarded lookup refusing an address? */
export function isAddressRefusal(cause: unknown): boolean {
  for (let error = cause; error instanceof Error; error = error.cause) {
    if (error instanceof ObjectStoreAddressError) return true;
  }
  return false;
}
