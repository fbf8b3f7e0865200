/** What the benchmark's processes tell each other (see server.ts and bench.ts). */

/** 599 s APIM tokens; 560 s on, fewer than the 60 s refresh margin remain. */
export const LATER_MS = 560_000;

export type CpuSample = { user: number; system: number; rss: number };
export type StandinsStarted = {
  cis2Issuer: string;
  tokenUrl: string;
  ersBaseUrl: string;
  pdsBaseUrl: string;
};
export type ErsRequestSeen = {
  method: string;
  path: string;
  query: string;
  authorization: string | undefined;
};
export type StandinCounters = {
  ersRequests: number;
  tokenEndpoint: number;
  objectStore: number;
  /** PDS `GET /Patient` requests the stand-in received. */
  pdsRequests: number;
  /** TCP connections the APIM + e-RS stand-in has accepted. */
  connections: number;
};
export type BffInstanceName = 'main' | 'logged' | 'later';
export type TokenCallCounts = {
  exchange: number;
  refresh: number;
  otherApim: number;
  cis2: number;
};
export type BffInstanceStats = {
  accessTokens: {
    refreshes: number;
    reExchanges: number;
    waitedForRefresh: number;
    failures: number;
  };
  tokenCalls: TokenCallCounts;
};
