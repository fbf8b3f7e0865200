/**
 * docs/configuration.md is where a supplier looks a setting up, and its examples are what they
 * copy: the table must name exactly the settings the schema accepts, with the schema's defaults
 * and example values it accepts, and every `env` block in the README and docs/ must be a
 * configuration the BFF starts with.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ConfigFieldsSchema, FILE_SETTINGS, loadConfig } from '../src/config/config';
import { ERS_ENVIRONMENTS } from '../src/config/presets';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const configurationPage = read('docs/configuration.md');

const fields: Record<string, z.ZodType> = ConfigFieldsSchema.shape;
const settings = [...Object.keys(fields), ...Object.keys(FILE_SETTINGS)];

/** What a secrets file named in an example would hold. */
const SECRET_VALUES: Record<string, string> = {
  SIGNING_KEY_PEM: 'filled in from the secret store',
  CIS2_CLIENT_SECRET: 'filled-in-from-the-secret-store',
  APIM_API_KEY: 'filled-in-from-the-secret-store',
  APIM_API_SECRET: 'filled-in-from-the-secret-store',
  SESSION_ENCRYPTION_KEY: 'A'.repeat(43),
  REDIS_URL: 'rediss://ers-bff:password@redis.example.internal:6380',
};

type Row = { name: string; defaultCell: string; exampleCell: string; secretCell: string };

/** The rows of "Every setting": `| \`NAME\` | default | example | needed in | secret |`. */
function tableRows(markdown: string): Row[] {
  const section = markdown.split(/^## /m).find((each) => each.startsWith('Every setting'));
  return [...(section ?? '').matchAll(/^\| `([A-Z][A-Z0-9_]+)` +\|(.*)$/gm)].map((match) => {
    const [defaultCell = '', exampleCell = '', , secretCell = ''] = match[2]!
      .split('|')
      .map((cell) => cell.trim());
    return { name: match[1]!, defaultCell, exampleCell, secretCell };
  });
}

const code = (cell: string) => /^`(.*)`$/.exec(cell)?.[1];

/** Every ```env block in the root README and docs/, as `NAME=value` pairs, with where it is. */
function envBlocks(): Array<{ where: string; values: Record<string, string> }> {
  const files = [
    'README.md',
    ...readdirSync(new URL('docs/', root))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
  ];
  return files.flatMap((file) =>
    [...read(file).matchAll(/^```env\n([\s\S]*?)^```$/gm)].map((match, index) => ({
      where: `${file}, env block ${index + 1}`,
      values: Object.fromEntries(
        match[1]!
          .split('\n')
          .filter((line) => line.trim() !== '' && !line.startsWith('#'))
          .map((line) => {
            const at = line.indexOf('=');
            return [line.slice(0, at), line.slice(at + 1)];
          }),
      ),
    })),
  );
}

describe('docs/configuration.md, the table of settings', () => {
  const rows = tableRows(configurationPage);

  it('names every setting the schema accepts, once, and nothing else', () => {
    expect(rows.map((row) => row.name).sort()).toEqual([...settings].sort());
  });

  it("gives each setting's default as the schema has it, and 'none' where it has none", () => {
    for (const row of rows) {
      const field = fields[row.name];
      const parsed = field?.safeParse(undefined);
      const fallback = parsed?.success ? parsed.data : undefined;
      const expected = fallback === undefined ? 'none' : `\`${String(fallback)}\``;
      expect(row.defaultCell, row.name).toBe(expected);
    }
  });

  it('offers a file form for each secret, and gives each file form as an absolute path', () => {
    const fileForms: Record<string, string> = FILE_SETTINGS;
    const secrets = rows.filter((row) => row.secretCell.startsWith('yes')).map((row) => row.name);
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(Object.values(fileForms), secret).toContain(secret);
    for (const row of rows.filter((each) => fileForms[each.name])) {
      expect(row.secretCell, row.name).toBe('the file is');
      expect(code(row.exampleCell), row.name).toMatch(/^\//);
    }
  });

  it('gives as each example a value the schema accepts', () => {
    for (const row of rows) {
      const example = code(row.exampleCell);
      const field = fields[row.name];
      if (example === undefined || !field) continue;
      expect(field.safeParse(example).success, `${row.name}=${example}`).toBe(true);
    }
  });
});

describe('every documented configuration example', () => {
  const blocks = envBlocks();

  it('covers every NHS environment', () => {
    const environments = new Set(blocks.map((block) => block.values.ERS_ENV));
    expect([...environments].sort()).toEqual([...ERS_ENVIRONMENTS].sort());
  });

  it.each(blocks.map((block) => [block.where, block.values] as const))(
    '%s names only real settings and is accepted by the schema',
    (_where, values) => {
      for (const name of Object.keys(values)) expect(settings, name).toContain(name);
      const env: Record<string, string | undefined> = { ...values };
      // The files are the deployment's secrets: the test gives the values themselves.
      for (const [fileSetting, setting] of Object.entries(FILE_SETTINGS)) {
        if (env[fileSetting] === undefined) continue;
        delete env[fileSetting];
        env[setting] = SECRET_VALUES[setting];
      }
      expect(() => loadConfig(env)).not.toThrow();
    },
  );
});
