/**
 * Structured logs (pino). Anything that can carry a credential or patient identifier is redacted
 * by path, so a careless `log.info({ headers })` cannot leak a token: NHS services have leaked
 * tokens into logs before.
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

const REDACTED_PATHS = [
  '*.authorization',
  '*.Authorization',
  '*.cookie',
  '*.Cookie',
  '*["set-cookie"]',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.code',
  '*.code_verifier',
  '*.client_assertion',
  '*.subject_token',
  '*.nhsNumber',
  'tokens',
  '*.tokens',
  '*.client_secret',
  // The secret settings (config/secret-files.ts), should a configuration ever be logged.
  '*.CIS2_CLIENT_SECRET',
  '*.APIM_API_KEY',
  '*.APIM_API_SECRET',
  '*.SESSION_ENCRYPTION_KEY',
  '*.REDIS_URL',
  '*.SIGNING_KEY_PEM',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: 'ers-bff' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
