/**
 * `.env.example` is the list of settings a supplier starts from: it must name every setting the
 * configuration schema accepts, and nothing it does not.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigFieldsSchema, FILE_SETTINGS, loadConfig } from './config';

const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
/** `NAME=value` and `# NAME=value` lines: set, or shown with their default. */
const listed = [...example.matchAll(/^(?:#\s*)?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]);

describe('.env.example', () => {
  it('lists every setting the schema accepts, once, and nothing else', () => {
    const settings = [...Object.keys(ConfigFieldsSchema.shape), ...Object.keys(FILE_SETTINGS)];
    expect([...listed].sort()).toEqual([...settings].sort());
  });

  it('is a configuration the BFF accepts once its secrets are filled in', () => {
    const values = Object.fromEntries(
      [...example.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((match) => [match[1], match[2]]),
    );
    delete values.SIGNING_KEY_FILE;
    const config = loadConfig({ ...values, SIGNING_KEY_PEM: 'filled in from the secret store' });
    expect(config).toMatchObject({
      ERS_ENV: 'int',
      CIS2_ISSUER: expect.stringContaining(':443/openam/'),
      ERS_BASE_URL: 'https://int.api.service.nhs.uk/referrals/FHIR',
    });
  });
});
