/**
 * The BFF test harness: every integration test under test/ imports from here. Small pieces, each
 * in its own module, composed by the test that needs them:
 *
 *   test-config.ts     the one place test configuration and keys are made
 *   cookies.ts         the cookie jar and Set-Cookie parsing every browser shares
 *   browser.ts         a browser over real HTTP or `app.request()`, and sign-in through the
 *                      CIS2 stand-in's pages (the only way a test signs in as a person)
 *   in-process-bff.ts  the BFF from configuration, in-process, with a recording store and logs
 *   served-bff.ts      one more BFF instance over real HTTP, beside the local environment
 *   gateway.ts         the app from its dependencies for gateway tests: a session, access tokens
 *                      the test controls, no CIS2
 *   ers-upstream.ts    e-RS as an undici MockAgent, and the e-RS spec's examples
 *   capture.ts         log and audit streams captured as lines
 *   recording-store.ts a session store that records every write
 *   frozen-store.ts    a session store that can be frozen (held unanswered) and thawed
 *   problem.ts         problem+json bodies
 *   pds-patient.ts     a PDS Patient as PDS's sandbox example gives one
 *   forged-cis2*.ts    a forged CIS2, only for what the CIS2 stand-in cannot do (its header says
 *                      what that is)
 *   standins.ts        the stand-ins (CIS2, APIM, e-RS) and the BFF over real HTTP, as
 *                      `npm start` runs them
 *   telemetry.ts       OpenTelemetry spans and metrics exported in memory (OTEL_ENABLED=true)
 *   redis.ts           a throwaway Redis
 */
export * from './browser';
export * from './capture';
export * from './cookies';
export * from './ers-upstream';
export * from './forged-cis2';
export * from './forged-cis2-bff';
export * from './frozen-store';
export type { IdTokenSigning } from './forged-cis2-tokens';
export * from './gateway';
export * from './in-process-bff';
export * from './pds-patient';
export * from './problem';
export * from './recording-store';
export * from './redis';
export * from './served-bff';
export * from './standins';
export * from './telemetry';
export * from './test-config';
