/**
 * The CIS2 stand-in's storage for oidc-provider (sessions, interactions, codes, tokens, grants):
 * one in-memory store per stand-in, gone when it stops, as a local stand-in's state should be.
 *
 * oidc-provider's own quick-start store does the same job but prints a warning at every start
 * ("a quick start development-only in-memory adapter is used") meant for a production
 * authorization server, which this is not; its documented cure is an `adapter` of one's own.
 * Unlike the quick-start store (an LRU of 1,000 entries), nothing is evicted before it expires,
 * so a long local run or a load test cannot lose a session the BFF still holds.
 */
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

type Entry = { payload: AdapterPayload; expiresAt: number };

/** The models oidc-provider revokes together when a grant is revoked (refresh token reuse). */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

export function createMemoryAdapter(now: () => number = Date.now): AdapterFactory {
  const entries = new Map<string, Entry>();
  const sessionsByUid = new Map<string, string>();
  const grants = new Map<string, Set<string>>();

  const live = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > now()) return entry.payload;
    entries.delete(key);
    return undefined;
  };

  // Expired entries are dropped when read and, so the store stays the size of what is live,
  // swept with the indexes that point at them now and then as new ones arrive.
  let writesSinceSweep = 0;
  const sweep = () => {
    if (++writesSinceSweep < 500) return;
    writesSinceSweep = 0;
    for (const key of entries.keys()) live(key);
    for (const [uid, id] of sessionsByUid) {
      if (!entries.has(`Session:${id}`)) sessionsByUid.delete(uid);
    }
    for (const [grantId, members] of grants) {
      for (const key of members) if (!entries.has(key)) members.delete(key);
      if (members.size === 0) grants.delete(grantId);
    }
  };

  return (model: string): Adapter => {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        sweep();
        const key = keyOf(id);
        const expiresAt = expiresIn === undefined ? Infinity : now() + expiresIn * 1000;
        entries.set(key, { payload, expiresAt });
        if (model === 'Session' && payload.uid) sessionsByUid.set(payload.uid, id);
        if (GRANTABLE.has(model) && payload.grantId) {
          const members = grants.get(payload.grantId) ?? new Set<string>();
          grants.set(payload.grantId, members.add(key));
        }
      },
      async find(id) {
        return live(keyOf(id));
      },
      async findByUid(uid) {
        const id = sessionsByUid.get(uid);
        return id === undefined ? undefined : live(keyOf(id));
      },
      // User codes belong to the device flow, which CIS2 (and so the stand-in) does not offer.
      async findByUserCode() {
        return undefined;
      },
      async consume(id) {
        const payload = live(keyOf(id));
        if (payload) payload.consumed = Math.floor(now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of grants.get(grantId) ?? []) entries.delete(key);
        grants.delete(grantId);
      },
    };
  };
}
