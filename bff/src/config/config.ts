/**
 * Configuration, parsed once from the environment at start-up. A missing or malformed setting
 * stops the BFF with a message naming it; nothing else in the BFF reads `process.env`.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { ERS_ENVIRONMENTS, withPreset } from './presets';
import { withSecretFiles } from './secret-files';

export { FILE_SETTINGS } from './secret-files';

const minutes = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Absolute https URL (http only when ALLOW_INSECURE_HTTP=local, for the local stand-ins). */
const url = z.string().url();

/** Every setting, one field each (`.env.example` lists them all; a test keeps the two equal). */
export const ConfigFieldsSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * The address the BFF listens on. Loopback by default, so a BFF started on a workstation is
   * not reachable from the network; `0.0.0.0` (or `::`) behind a load balancer or in a container.
   */
  HOST: z
    .string()
    .refine(
      (value) => value === 'localhost' || isIP(value) !== 0,
      'must be an IP address or localhost',
    )
    .default('127.0.0.1'),
  /**
   * Which NHS environment: fills in hosts and issuers (see presets.ts). `sandbox` is the
   * public e-RS sandbox: no APIM token exchange at all.
   */
  ERS_ENV: z.enum(ERS_ENVIRONMENTS).optional(),
  /** The origin the browser uses, e.g. https://ers-client.example.nhs.uk. */
  PUBLIC_ORIGIN: url,
  /**
   * `local` lets the BFF talk plain http to the local stand-ins. Named, not a boolean, so it
   * reads as the exception it is and greps easily.
   */
  ALLOW_INSECURE_HTTP: z.enum(['never', 'local']).default('never'),

  /** CIS2 issuer exactly as discovery gives it, `:443` included; compared as a string. */
  CIS2_ISSUER: url.optional(),
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
  APIM_TOKEN_URL: url.optional(),
  APIM_API_KEY: z.string().min(1).optional(),
  /**
   * The APIM application's secret, used only to refresh access tokens. Without it the BFF
   * re-exchanges the CIS2 ID token while that is still valid, then asks for a new sign-in.
   */
  APIM_API_SECRET: z.string().min(1).optional(),
  /**
   * e-RS's limit per application (live: 10 requests/s). Path-to-live environments allow far
   * fewer; a benchmark against the local stand-in may raise it.
   */
  ERS_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().max(1000).default(10),
  /**
   * One session's share of that limit (requests/s, and at once after a quiet spell), so one busy
   * session cannot use up what every clinician shares; capped at ERS_RATE_LIMIT_PER_SECOND.
   * Tests that drive one session hard and the benchmark against the local stand-in may raise it.
   */
  ERS_SESSION_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().max(1000).default(5),
  /** e-RS FHIR base, e.g. https://int.api.service.nhs.uk/referrals/FHIR */
  ERS_BASE_URL: url.optional(),
  /**
   * PDS FHIR R4 base for the patient banner, on the same APIM host and token as e-RS, e.g.
   * https://int.api.service.nhs.uk/personal-demographics/FHIR/R4 (ERS_ENV fills it in, except
   * for dep, where PDS publishes no environment). Unset: the banner says patient details are
   * not available, and the referral still shows.
   */
  PDS_BASE_URL: url.optional(),
  /** PDS's limit per application (its default: 5 requests/s), across every BFF instance. */
  PDS_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().max(1000).default(5),
  /**
   * The only hosts e-RS A042's redirect may send the BFF to for an attachment (comma-separated,
   * `host` or `host:port`, matched exactly). NHS does not publish its object-store hosts, so it
   * is required outside `local`; a refused redirect is logged with its host.
   */
  ERS_OBJECT_STORE_HOSTS: z
    .string()
    .transform((value, ctx) => {
      const hosts = value
        .split(',')
        .map((each) => each.trim().toLowerCase())
        .filter(Boolean);
      for (const host of hosts) {
        let parsed: URL | undefined;
        try {
          parsed = new URL(`https://${host}`);
        } catch {
          // reported below
        }
        if (parsed?.host !== host || parsed.pathname !== '/' || host.includes('@')) {
          ctx.addIssue({ code: 'custom', message: `${host} is not a host or host:port` });
        }
      }
      return hosts;
    })
    .optional(),

  /**
   * The private key for private_key_jwt (CIS2) and APIM client assertions: PKCS#8 PEM, or a
   * private JWK as JSON. Give it inline or as a file (SIGNING_KEY_FILE: secret-files.ts).
   */
  SIGNING_KEY_PEM: z.string().min(1),
  /** `kid` of the signing key, as registered in the public JWKS. */
  SIGNING_KEY_ID: z.string().min(1),
  /**
   * The private_key_jwt algorithm CIS2 expects: the one registered for the client in CIS2
   * Connection Manager (its "token endpoint signing alg"); CIS2 refuses any other.
   */
  CIS2_SIGNING_ALG: z.enum(['RS512', 'RS384', 'RS256', 'PS512', 'PS384', 'PS256']).default('RS512'),
  /**
   * APIM's signed JWT authentication accepts RS512 only. A setting so that a supplier who
   * changes it hears so at start-up, not from APIM at the first sign-in.
   */
  APIM_SIGNING_ALG: z
    .literal('RS512', { error: 'must be RS512: APIM accepts no other client assertion algorithm' })
    .default('RS512'),
  /**
   * Key rotation: public keys (a JWKS as JSON) published beside the signing key's. First the
   * next key, before signing with it (APIM and CIS2 cache the JWKS); then the previous one,
   * until every cache has moved on.
   */
  ADDITIONAL_PUBLIC_JWKS: z
    .string()
    .transform((value, ctx) => {
      try {
        const parsed = JSON.parse(value) as { keys?: unknown };
        if (Array.isArray(parsed.keys)) return parsed.keys as Record<string, unknown>[];
      } catch {
        // reported below
      }
      ctx.addIssue({ code: 'custom', message: 'must be a JWKS: {"keys":[...]}' });
      return z.NEVER;
    })
    .optional(),

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
  /**
   * Shared session store (Redis or Valkey 7+); unset keeps sessions in this process. `rediss://`
   * (TLS) outside `local`: the connection carries the store's password.
   */
  REDIS_URL: url
    .refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Namespaces this BFF's keys in a Redis shared with other applications. */
  REDIS_KEY_PREFIX: z.string().min(1).default('ers-bff:'),

  /** Directory of the built SPA (web/dist); unset serves the API only. */
  WEB_DIST_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `true`: OpenTelemetry over OTLP/HTTP, which the standard OTEL_EXPORTER_OTLP_* configure. */
  OTEL_ENABLED: z.enum(['false', 'true']).default('false'),
});

/** Settings that are gone: one left set would otherwise be ignored without a word. */
const RETIRED_SETTINGS: Record<string, string> = {
  SIGNING_ALG:
    'replaced by CIS2_SIGNING_ALG (as registered with CIS2) and APIM_SIGNING_ALG (RS512)',
  PREVIOUS_PUBLIC_JWKS: 'renamed ADDITIONAL_PUBLIC_JWKS (it also publishes the next key)',
};

export const ConfigSchema = ConfigFieldsSchema.superRefine((config, ctx) => {
  if (config.CIS2_CLIENT_AUTH === 'client_secret_post' && !config.CIS2_CLIENT_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['CIS2_CLIENT_SECRET'],
      message: 'required when CIS2_CLIENT_AUTH=client_secret_post',
    });
  }
  if (config.ERS_ENV !== 'sandbox') {
    for (const key of ['APIM_TOKEN_URL', 'APIM_API_KEY'] as const) {
      if (!config[key]) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'required (except with ERS_ENV=sandbox)',
        });
      }
    }
  }
  if (!config.ERS_BASE_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['ERS_BASE_URL'],
      message: 'required (ERS_ENV=sandbox, int, dep or live fills it in)',
    });
  }
  if (!config.ERS_OBJECT_STORE_HOSTS?.length && config.ERS_ENV !== 'local') {
    ctx.addIssue({
      code: 'custom',
      path: ['ERS_OBJECT_STORE_HOSTS'],
      message:
        'required: the object-store hosts e-RS A042 redirects to (NHS does not publish them; ' +
        'a refused redirect is logged with its host)',
    });
  }
  if (!config.CIS2_ISSUER) {
    ctx.addIssue({
      code: 'custom',
      path: ['CIS2_ISSUER'],
      message:
        config.ERS_ENV === 'dep'
          ? 'DEP has no published CIS2 issuer: set it from your CIS2 onboarding pack'
          : 'required (ERS_ENV=int or live fills it in)',
    });
  }
  if (config.REDIS_URL && !config.SESSION_ENCRYPTION_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['SESSION_ENCRYPTION_KEY'],
      message: 'required when REDIS_URL is set (every instance must read the same sessions)',
    });
  }
  if (config.ALLOW_INSECURE_HTTP === 'never' && config.REDIS_URL?.startsWith('redis://')) {
    ctx.addIssue({
      code: 'custom',
      path: ['REDIS_URL'],
      message: 'must be rediss:// (TLS; redis:// only with ALLOW_INSECURE_HTTP=local)',
    });
  }
  if (config.ALLOW_INSECURE_HTTP === 'never') {
    for (const key of [
      'PUBLIC_ORIGIN',
      'CIS2_ISSUER',
      'APIM_TOKEN_URL',
      'ERS_BASE_URL',
      'PDS_BASE_URL',
    ] as const) {
      const value = config[key];
      if (value !== undefined && !value.startsWith('https://')) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'must be https (set ALLOW_INSECURE_HTTP=local only for the local stand-ins)',
        });
      }
    }
  }
})
  // Checked just above: from here on the issuer is always there.
  .transform((config) => ({
    ...config,
    CIS2_ISSUER: config.CIS2_ISSUER as string,
    ERS_BASE_URL: config.ERS_BASE_URL as string,
    // The local stand-in serves its object store on its own origin.
    ERS_OBJECT_STORE_HOSTS: config.ERS_OBJECT_STORE_HOSTS?.length
      ? config.ERS_OBJECT_STORE_HOSTS
      : [new URL(config.ERS_BASE_URL as string).host],
  }));

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError that names every bad setting, never a value. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const retired = Object.entries(RETIRED_SETTINGS)
    .filter(([name]) => env[name] !== undefined)
    .map(([name, why]) => `  ${name}: ${why}`);
  const secrets = withSecretFiles(env);
  const parsed = ConfigSchema.safeParse(withPreset(secrets.env));
  const problems = [
    ...retired,
    ...secrets.problems,
    ...(parsed.error?.issues ?? [])
      .filter((issue) => !secrets.failed.has(String(issue.path[0])))
      .map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`),
  ];
  if (parsed.success && problems.length === 0) return parsed.data;
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}
