/**
 * One server process of the benchmark, forked by bench.ts as `server.ts <role>`, so each server's
 * CPU is its own `process.cpuUsage()` and the load generator's is never counted:
 *
 *   standins  the CIS2 stand-in and the APIM + e-RS stand-in, as local/local-environment.ts starts them
 *   bff       the BFF, wired as local/local-environment.ts wires it but with an e-RS limiter that
 *             never refuses, three times over one in-memory session store (as instances share
 *             Redis): `main` (logs off), `logged` (LOG_LEVEL=info to /dev/null) and `later`
 *             (its clock 560 s on, for token expiry)
 *   proxy     a bare node:http keep-alive pass-through to e-RS A005, the baseline
 *
 * Everything listens on 127.0.0.1 only. Test infrastructure: nothing in src imports this.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server,
} from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { JWK } from 'jose';
import { pino } from 'pino';
import { LOCAL_API_KEY, LOCAL_CLIENT_ID } from '../local/local-environment';
import { loadConfig } from '../src/config/config';
import { loadSigningKey } from '../src/config/signing-key';
import type { KeyedRateLimiter, RateLimiter } from '../src/ers/rate-limiter';
import { createBff } from '../src/server';
import { createLogger } from '../src/logging/logger';
import { createMemoryStore } from '../src/session/memory-store';
import {
  LOCAL_API_SECRET,
  startApimErsStandin,
  type ApimErsStandin,
} from '../standins/apim-ers/apim-ers-standin';
import { startCis2Standin, type Cis2Standin } from '../standins/cis2/cis2-standin';
import { answerCalls, type Handlers } from './ipc';
import {
  LATER_MS,
  type BffInstanceName,
  type BffInstanceStats,
  type CpuSample,
  type ErsRequestSeen,
  type StandinCounters,
  type StandinsStarted,
  type TokenCallCounts,
} from './types';
import { summariseProfile, type CpuProfile } from './profile';

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://localhost:${(server.address() as AddressInfo).port}`),
    ),
  );

const close = (server: Server | ServerType) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });

const common = (closeAll: () => Promise<void>): Handlers => ({
  cpu: (): CpuSample => ({ ...process.cpuUsage(), rss: process.memoryUsage.rss() }),
  /** CPU µs per wake-up of this process from idle: `count` empty timer callbacks. */
  wakeups: async ({ count, everyMs }: { count: number; everyMs: number }): Promise<number> => {
    const from = process.cpuUsage();
    await new Promise<void>((resolve) => {
      let woken = 0;
      const timer = setInterval(() => {
        woken += 1;
        if (woken >= count) {
          clearInterval(timer);
          resolve();
        }
      }, everyMs);
    });
    const spent = process.cpuUsage(from);
    return (spent.user + spent.system) / count;
  },
  exit: async () => {
    const timer = setTimeout(() => process.exit(1), 5_000);
    await closeAll().catch(() => undefined);
    clearTimeout(timer);
    process.exit(0);
  },
});

/** Profiles this process between two calls (V8's sampler; only used outside measured phases). */
function profiler(): Handlers {
  let session: Session | undefined;
  return {
    profileStart: async () => {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
    },
    profileStop: async ({ path }: { path: string }) => {
      if (!session) throw new Error('profiler not started');
      const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
      session.disconnect();
      session = undefined;
      writeFileSync(path, JSON.stringify(profile));
      return summariseProfile(profile);
    },
  };
}

function standinsRole(): Handlers {
  let cis2: Cis2Standin | undefined;
  let apimErs: ApimErsStandin | undefined;
  let tokenEndpoint = 0;
  let connections = 0;
  const need = () => {
    if (!apimErs) throw new Error('stand-ins not started');
    return apimErs;
  };
  return {
    ...common(async () => {
      await Promise.all([cis2?.close(), apimErs?.close()]);
    }),
    start: async (args: {
      bffOrigin: string;
      publicJwk: JWK;
      rateLimitPerSecond: number;
    }): Promise<StandinsStarted> => {
      const { bffOrigin } = args;
      cis2 = await startCis2Standin({
        port: 0,
        client: {
          clientId: LOCAL_CLIENT_ID,
          redirectUri: `${bffOrigin}/bff/callback`,
          postLogoutRedirectUri: `${bffOrigin}/signed-out`,
          publicJwk: args.publicJwk,
          authSigningAlg: 'RS512',
          backchannelLogoutUri: `${bffOrigin}/bff/backchannel-logout`,
        },
      });
      apimErs = await startApimErsStandin({
        port: 0,
        cis2Issuer: cis2.issuer,
        cis2JwksUrl: `${cis2.issuer}/connect/jwk_uri`,
        rateLimitPerSecond: args.rateLimitPerSecond,
        app: { apiKey: LOCAL_API_KEY, jwksUrl: `${bffOrigin}/.well-known/jwks.json` },
      });
      apimErs.server.on('connection', () => {
        connections += 1;
      });
      // Every POST to APIM's token endpoint (exchange or refresh), whatever its outcome.
      apimErs.server.prependListener('request', (req) => {
        if (req.method === 'POST' && (req.url ?? '').startsWith('/oauth2/token'))
          tokenEndpoint += 1;
      });
      return {
        cis2Issuer: cis2.issuer,
        tokenUrl: apimErs.tokenUrl,
        ersBaseUrl: apimErs.ersBaseUrl,
        pdsBaseUrl: apimErs.pdsBaseUrl,
      };
    },
    counters: (): StandinCounters => ({
      ersRequests: need().ersRequests.length,
      tokenEndpoint,
      objectStore: need().objectStoreRequests.length,
      pdsRequests: need().pdsRequests.length,
      connections,
    }),
    /**
     * The paths of PDS requests from `from` on (`/Patient/{nhsNumber}`), a retry (the same
     * X-Request-ID, after the stand-in's quota answered 429) counted once: it is the same question.
     */
    pdsRequests: ({ from }: { from: number }): string[] => {
      const seen = new Set<string>();
      return need()
        .pdsRequests.slice(from)
        .filter(({ headers }) => {
          const id = headers['x-request-id'];
          if (typeof id !== 'string') return true;
          if (seen.has(id)) return false;
          seen.add(id);
          return true;
        })
        .map(({ path }) => path);
    },
    ersRequests: ({ from }: { from: number }): ErsRequestSeen[] =>
      need()
        .ersRequests.slice(from)
        .map(({ method, path, headers, rawQuery }) => ({
          method,
          // With the query: A029's focus is in it, and a repeated call is only a duplicate if
          // it asked for the same thing.
          path: rawQuery ? `${path}?${rawQuery}` : path,
          authorization:
            typeof headers.authorization === 'string' ? headers.authorization : undefined,
        })),
    /** The headers of one e-RS request as e-RS received them (for the bare proxy to replay). */
    ersRequestHeaders: ({ index }: { index: number }): IncomingHttpHeaders => {
      const seen = need().ersRequests.at(index);
      if (!seen) throw new Error(`no e-RS request ${index}`);
      return seen.headers;
    },
    ...profiler(),
  };
}

/** Stands in for the e-RS rate limiter, which would otherwise cap what (a) can measure. */
const NEVER_REFUSES: RateLimiter = { take: async () => ({ granted: true }) };
const NO_SESSION_SHARE: KeyedRateLimiter = { take: async () => ({ granted: true }) };

function bffRole(): Handlers {
  const placeholder: { fetch?: (request: Request) => Response | Promise<Response> } = {};
  const servers: ServerType[] = [];
  const instances = new Map<
    BffInstanceName,
    { stats: BffInstanceStats['accessTokens']; tokenCalls: TokenCallCounts; close(): Promise<void> }
  >();
  let signingKeyPem = '';
  let signingKeyId = '';

  const serveFetch = (fetch: (request: Request) => Response | Promise<Response>) =>
    new Promise<{ server: ServerType; origin: string }>((resolve) => {
      const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () =>
        resolve({
          server,
          origin: `http://localhost:${(server.address() as AddressInfo).port}`,
        }),
      );
      servers.push(server);
    });

  return {
    ...common(async () => {
      await Promise.all(servers.map(close));
      await Promise.all([...instances.values()].map((instance) => instance.close()));
    }),
    /** Listens first, so the stand-ins can be told the BFF's origin (as local-environment does). */
    prepare: async (): Promise<{ origin: string; publicJwk: JWK }> => {
      const { origin } = await serveFetch(
        (request) => placeholder.fetch?.(request) ?? new Response('starting', { status: 503 }),
      );
      signingKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      signingKeyId = `bench-${randomBytes(4).toString('hex')}`;
      const { publicJwk } = await loadSigningKey(signingKeyPem, signingKeyId, 'RS512');
      return { origin, publicJwk };
    },
    start: async (args: {
      origin: string;
      standins: StandinsStarted;
      env: Record<string, string>;
    }): Promise<Record<BffInstanceName, string>> => {
      const config = loadConfig({
        PORT: new URL(args.origin).port,
        ERS_ENV: 'local',
        PUBLIC_ORIGIN: args.origin,
        CIS2_ISSUER: args.standins.cis2Issuer,
        CIS2_CLIENT_ID: LOCAL_CLIENT_ID,
        CIS2_CLIENT_AUTH: 'private_key_jwt',
        APIM_TOKEN_URL: args.standins.tokenUrl,
        APIM_API_KEY: LOCAL_API_KEY,
        APIM_API_SECRET: LOCAL_API_SECRET,
        ERS_BASE_URL: args.standins.ersBaseUrl,
        PDS_BASE_URL: args.standins.pdsBaseUrl,
        SIGNING_KEY_PEM: signingKeyPem,
        SIGNING_KEY_ID: signingKeyId,
        LOG_LEVEL: 'silent',
        // One key for the three instances: they share sessions as instances sharing Redis do.
        SESSION_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
        ...args.env,
      });
      const store = createMemoryStore();
      const tokenUrl = args.standins.tokenUrl;

      /** The BFF's outbound fetch (CIS2 and APIM token calls only), counted by kind. */
      const countingFetch =
        (counts: TokenCallCounts): typeof fetch =>
        async (input, init) => {
          const url = input instanceof Request ? input.url : String(input);
          if (url.startsWith(tokenUrl)) {
            const grant =
              init?.body instanceof URLSearchParams ? init.body.get('grant_type') : null;
            if (grant === 'refresh_token') counts.refresh += 1;
            else if (grant?.endsWith(':token-exchange')) counts.exchange += 1;
            else counts.otherApim += 1;
          } else {
            counts.cis2 += 1;
          }
          return globalThis.fetch(input, init);
        };

      const make = async (
        name: BffInstanceName,
        log: ReturnType<typeof createLogger>,
        now?: () => number,
      ) => {
        const tokenCalls: TokenCallCounts = { exchange: 0, refresh: 0, otherApim: 0, cis2: 0 };
        const stats: BffInstanceStats['accessTokens'] = {
          refreshes: 0,
          reExchanges: 0,
          waitedForRefresh: 0,
          failures: 0,
        };
        const bff = await createBff(config, log, {
          store,
          fetch: countingFetch(tokenCalls),
          // The BFF's own capacity is measured, not its e-RS limit's (at most 1000/s).
          ersLimiter: NEVER_REFUSES,
          // One session drives each phase: its share of the limit is lifted with the limit.
          ersSessionLimiter: NO_SESSION_SHARE,
          tokenEvents: (event) => {
            if (event === 'refreshed') stats.refreshes += 1;
            else if (event === 're_exchanged') stats.reExchanges += 1;
            else if (event === 'renewal_failed') stats.failures += 1;
            else stats.waitedForRefresh += 1;
          },
          ...(now ? { now } : {}),
        });
        instances.set(name, { stats, tokenCalls, close: bff.close });
        return bff.app.fetch;
      };

      placeholder.fetch = await make('main', createLogger('silent'));
      const logged = await serveFetch(
        await make(
          'logged',
          createLogger('info', pino.destination({ dest: '/dev/null', sync: true })),
        ),
      );
      const later = await serveFetch(
        await make('later', createLogger('silent'), () => Date.now() + LATER_MS),
      );
      return { main: args.origin, logged: logged.origin, later: later.origin };
    },
    stats: (): Record<string, BffInstanceStats> =>
      Object.fromEntries(
        [...instances].map(([name, instance]) => [
          name,
          { accessTokens: { ...instance.stats }, tokenCalls: { ...instance.tokenCalls } },
        ]),
      ),
    ...profiler(),
  };
}

/** Hop-by-hop and per-request headers the proxy does not replay. */
const NOT_REPLAYED = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'x-correlation-id',
]);
const RESPONSE_HEADERS = ['content-type', 'content-length', 'etag', 'x-request-id'];

function proxyRole(): Handlers {
  let server: Server | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  return {
    ...common(async () => {
      if (server) await close(server);
      agent.destroy();
    }),
    /**
     * GET /api/referrals/{ubrn} → GET {e-RS}/STU3/ReferralRequest/{ubrn} with the headers the BFF
     * sent (its bearer token, ODS code, business function, Accept) and a fresh correlation id;
     * the answer is piped back as it comes. No session, no validation, no mapping, no logs.
     */
    start: ({
      ersBaseUrl,
      headers,
    }: {
      ersBaseUrl: string;
      headers: IncomingHttpHeaders;
    }): Promise<string> => {
      const upstream = new URL(ersBaseUrl);
      const replayed = Object.fromEntries(
        Object.entries(headers).filter(([name]) => !NOT_REPLAYED.has(name.toLowerCase())),
      );
      server = createServer((req, res) => {
        const ubrn = /^\/api\/referrals\/(\d{12})$/.exec(req.url ?? '')?.[1];
        if (req.method !== 'GET' || !ubrn) {
          res.writeHead(404).end();
          return;
        }
        const outbound = httpRequest(
          {
            agent,
            host: '127.0.0.1',
            port: upstream.port,
            method: 'GET',
            path: `${upstream.pathname}/STU3/ReferralRequest/${ubrn}`,
            headers: { ...replayed, 'x-correlation-id': randomUUID() },
            timeout: 10_000,
          },
          (answer) => {
            const forwarded: Record<string, string> = {};
            for (const name of RESPONSE_HEADERS) {
              const value = answer.headers[name];
              if (typeof value === 'string') forwarded[name] = value;
            }
            res.writeHead(answer.statusCode ?? 502, forwarded);
            answer.pipe(res);
          },
        );
        outbound.on('timeout', () => outbound.destroy(new Error('upstream timeout')));
        outbound.on('error', () => {
          if (!res.headersSent) res.writeHead(502);
          res.end();
        });
        outbound.end();
      });
      return listen(server);
    },
  };
}

const role = process.argv[2];
const roles: Record<string, () => Handlers> = {
  standins: standinsRole,
  bff: bffRole,
  proxy: proxyRole,
};
const makeRole = role ? roles[role] : undefined;
if (!makeRole) {
  console.error(`usage: server.ts ${Object.keys(roles).join('|')}`);
  process.exit(2);
}
answerCalls(makeRole());
