/**
 * Configuration, parsed once from the environment at start-up. A missing or malformed setting
 * stops the BFF with a message naming it; nothing else in the BFF reads `process.env`.
 */
import { z } from 'zod';

const minutes = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Absolute https URL (http only when ALLOW_INSECURE_HTTP=local, for the local stand-ins). */
const url = z.string().url();

export const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** The origin the browser uses, e.g. https://ers-client.example.nhs.uk. */
    PUBLIC_ORIGIN: url,
    /**
     * `local` lets the BFF talk plain http to the local stand-ins. Named, not a boolean, so it
     * reads as the exception it is and greps easily.
     */
    ALLOW_INSECURE_HTTP: z.enum(['never', 'local']).default('never'),

    /** CIS2 issuer exactly as discovery gives it, `:443` included; compared as a string. */
    CIS2_ISSUER: url,
    CIS2_CLIENT_ID: z.string().min(1),
    CIS2_CLIENT_AUTH: z.enum(['private_key_jwt', 'client_secret_post']).default('private_key_jwt'),
    CIS2_CLIENT_SECRET: z.string().min(1).optional(),
    CIS2_ACR_VALUES: z.string().min(1).default('AAL2_OR_AAL3_ANY'),
    /**
     * `local` (default) ends only our session. `cis2` also ends the user's CIS2 single sign-on
     * session, which signs them out of every CIS2 application on the device (EPS stopped doing
     * it for that reason), so it is a deliberate choice.
     */
    CIS2_LOGOUT: z.enum(['local', 'cis2']).default('local'),

    /** APIM token endpoint; the client assertion's `aud` is this exact string. */
    APIM_TOKEN_URL: url,
    APIM_API_KEY: z.string().min(1),
    /** e-RS FHIR base, e.g. https://int.api.service.nhs.uk/referrals/FHIR */
    ERS_BASE_URL: url,

    /** PKCS#8 PEM private key used for private_key_jwt (CIS2) and APIM client assertions. */
    SIGNING_KEY_PEM: z.string().includes('BEGIN PRIVATE KEY'),
    /** `kid` of the signing key, as registered in the public JWKS. */
    SIGNING_KEY_ID: z.string().min(1),
    /** RS512 is what APIM requires; CIS2 takes what the client registered. */
    SIGNING_ALG: z.enum(['RS512', 'RS256', 'PS512']).default('RS512'),

    SESSION_IDLE_MINUTES: minutes(15),
    SESSION_ABSOLUTE_MINUTES: minutes(12 * 60),
    /** `single`: signing in while signed in elsewhere offers to end the other session. */
    SESSION_CONCURRENCY: z.enum(['allow', 'single']).default('allow'),
    /**
     * Seals every stored session and names its store keys (see session/session-crypto.ts).
     * Required with REDIS_URL, where sessions outlive the process and are shared by instances;
     * without it a random key is made at start-up.
     */
    SESSION_ENCRYPTION_KEY: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 random bytes, base64url (43 characters, no =)')
      .optional(),
    /** Shared session store (Redis or Valkey 7+); unset keeps sessions in this process. */
    REDIS_URL: url
      .refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// or rediss:// URL')
      .optional(),
    /** Namespaces this BFF's keys in a Redis shared with other applications. */
    REDIS_KEY_PREFIX: z.string().min(1).default('ers-bff:'),

    /** Directory of the built SPA (web/dist); unset serves the API only. */
    WEB_DIST_DIR: z.string().min(1).optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  })
  .superRefine((config, ctx) => {
    if (config.CIS2_CLIENT_AUTH === 'client_secret_post' && !config.CIS2_CLIENT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['CIS2_CLIENT_SECRET'],
        message: 'required when CIS2_CLIENT_AUTH=client_secret_post',
      });
    }
    if (config.REDIS_URL && !config.SESSION_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_ENCRYPTION_KEY'],
        message: 'required when REDIS_URL is set (every instance must read the same sessions)',
      });
    }
    if (config.ALLOW_INSECURE_HTTP === 'never') {
      for (const key of [
        'PUBLIC_ORIGIN',
        'CIS2_ISSUER',
        'APIM_TOKEN_URL',
        'ERS_BASE_URL',
      ] as const) {
        if (!config[key].startsWith('https://')) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'must be https (set ALLOW_INSECURE_HTTP=local only for the local stand-ins)',
          });
        }
      }
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError that names every bad setting. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}
