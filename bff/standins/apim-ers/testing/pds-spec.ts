/**
 * The PDS `GET /Patient/{id}` OpenAPI subset (kept in @ers/fixtures: fixtures/pds/) as a
 * validator, like spec.ts for e-RS: a schema by its JSON pointer, and the operation's parameters.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { PDS_SPEC_PATH } from '@ers/fixtures/pds-spec';

type Json = Record<string, unknown>;
export type PdsSpecParameter = {
  name: string;
  in: string;
  required?: boolean;
  schema?: { pattern?: string };
};

export const pdsSpec = JSON.parse(readFileSync(PDS_SPEC_PATH, 'utf8')) as Json & {
  paths: Record<string, Json & { parameters?: { $ref: string }[] }>;
  components: { parameters: Record<string, PdsSpecParameter> };
};

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
addFormats(ajv);
ajv.addSchema({ ...pdsSpec, $id: 'pds-spec' });

const validators = new Map<string, ValidateFunction>();
/** A validator for `#/components/schemas/<name>`. */
export function pdsSchema(name: string): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    validate = ajv.compile({ $ref: `pds-spec#/components/schemas/${name}` });
    validators.set(name, validate);
  }
  return validate;
}

/** The parameters of `GET /Patient/{id}`, resolved. */
export const patientGetParameters: PdsSpecParameter[] = (
  pdsSpec.paths['/Patient/{id}']!.parameters ?? []
).map(({ $ref }) => pdsSpec.components.parameters[$ref.split('/').at(-1)!]!);
