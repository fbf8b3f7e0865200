/**
 * Secrets from files: each secret setting may be given as `<NAME>_FILE`, the path of a file that
 * holds its value, the convention of Docker and Kubernetes secrets (mounted as files, so the value
 * is in no process environment, `docker inspect` or crash dump of the environment). Read before
 * the schema, so the schema checks a value from a file exactly as one from the environment.
 */
import { readFileSync } from 'node:fs';

/**
 * The file forms and the setting each stands in for. `SIGNING_KEY_FILE` predates the convention
 * and stays; a PEM or JWK is several lines, so only the others lose a trailing newline.
 */
export const FILE_SETTINGS = {
  CIS2_CLIENT_SECRET_FILE: 'CIS2_CLIENT_SECRET',
  APIM_API_KEY_FILE: 'APIM_API_KEY',
  APIM_API_SECRET_FILE: 'APIM_API_SECRET',
  SESSION_ENCRYPTION_KEY_FILE: 'SESSION_ENCRYPTION_KEY',
  REDIS_URL_FILE: 'REDIS_URL',
  SIGNING_KEY_PEM_FILE: 'SIGNING_KEY_PEM',
  SIGNING_KEY_FILE: 'SIGNING_KEY_PEM',
} as const;

const MULTI_LINE: ReadonlySet<string> = new Set(['SIGNING_KEY_PEM']);

export type SecretFiles = {
  env: Record<string, string | undefined>;
  /** One line per setting that could not be read, naming it and the path, never a value. */
  problems: string[];
  /** Settings a problem is already reported for, so the schema need not call them missing. */
  failed: Set<string>;
};

const isSet = (value: string | undefined) => value !== undefined && value !== '';

/** The environment with every `<NAME>_FILE` read into `<NAME>`. */
export function withSecretFiles(env: Record<string, string | undefined>): SecretFiles {
  const filled = { ...env };
  const problems: string[] = [];
  const failed = new Set<string>();
  const forms = new Map<string, string[]>();
  for (const [fileSetting, setting] of Object.entries(FILE_SETTINGS)) {
    if (isSet(env[fileSetting])) forms.set(setting, [...(forms.get(setting) ?? []), fileSetting]);
  }
  for (const [setting, fileSettings] of forms) {
    const given = isSet(env[setting]) ? [setting, ...fileSettings] : fileSettings;
    failed.add(setting);
    if (given.length > 1) {
      // Which one wins would be a guess, and a wrong guess is a secret silently not rotated.
      problems.push(`  ${given.join(', ')}: set only one of these`);
      continue;
    }
    const fileSetting = fileSettings[0]!;
    const path = env[fileSetting]!;
    try {
      const contents = readFileSync(path, 'utf8');
      filled[setting] = MULTI_LINE.has(setting) ? contents : contents.replace(/\r?\n$/, '');
      failed.delete(setting);
    } catch (error) {
      // The code only: an fs message names the path, never the contents.
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`  ${fileSetting}: cannot read ${path} (${code})`);
    }
  }
  return { env: filled, problems, failed };
}
