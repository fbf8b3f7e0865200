/**
 * The benchmark's stand-ins process, forked by bench.ts: the CIS2 stand-in and the APIM + e-RS
 * stand-in, as local/local-environment.ts starts them, with their own record of what they were
 * asked. Runs under tsx (its CPU is reported, not the subject of the benchmark). Listens on
 * 127.0.0.1 only. Test infrastructure: nothing in src imports this.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { JWK } from 'jose';
import { LOCAL_API_KEY, LOCAL_CLIENT_ID } from '../local/local-environment';
import { startApimErsStandin, type ApimErsStandin } from '../standins/apim-ers/apim-ers-standin';
import { startCis2Standin, type Cis2Standin } from '../standins/cis2/cis2-standin';
import { answerCalls } from './ipc';
import type { Handlers } from './ipc';
import { common, profiler } from './server-common';
import type { ErsRequestSeen, StandinCounters, StandinsStarted } from './types';

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

answerCalls(standinsRole());
