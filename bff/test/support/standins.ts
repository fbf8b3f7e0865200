/**
 * The stand-ins (CIS2, APIM and e-RS) with the BFF over real HTTP: local/local-environment.ts,
 * the environment `npm start` runs, and what tests pass it.
 */
import type { LocalEnvironmentOptions } from '../../local/local-environment';

export {
  startLocalEnvironment,
  type LocalEnvironment,
  type LocalEnvironmentOptions,
} from '../../local/local-environment';

/**
 * For journeys that are not about rate limits: e-RS's 10 requests/s per application, and the
 * BFF's limit below it and each session's share of that, are tested on their own and must not trip a test that is about something
 * else.
 */
export const WITHOUT_RATE_LIMITS = {
  standinRateLimitPerSecond: 1000,
  // PDS's 5/s too: a suite's quick run of banners otherwise meets a 429 where it tests an outage.
  standinPdsRateLimitPerSecond: 1000,
  env: {
    ERS_RATE_LIMIT_PER_SECOND: '1000',
    ERS_SESSION_RATE_LIMIT_PER_SECOND: '1000',
    PDS_RATE_LIMIT_PER_SECOND: '1000',
  },
} satisfies LocalEnvironmentOptions;
