/**
 * The e-RS OpenAPI spec (kept in @ers/fixtures: fixtures/spec/) as a validator: the schema for
 * an operation's response at a status, with every `$ref` resolved inside the bundled document
 * (ajv, strict: false, so OpenAPI's `example` and `nullable` are taken as OpenAPI means them).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SPEC_PATH } from '@ers/fixtures/spec';

type Json = Record<string, unknown>;
export type SpecParameter = { name: string; in: string; required?: boolean; description?: string };
export type SpecResponse = {
  description?: string;
  headers?: Record<string, { required?: boolean; $ref?: string }>;
  content?: Record<string, { schema?: Json }>;
};

export const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Json & {
  paths: Record<string, Record<string, Json>>;
};

// ajv-formats is CommonJS: its default export arrives wrapped under some module settings.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv;

const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
addFormats(ajv);
for (const format of ['int32', 'int64', 'binary', 'byte']) ajv.addFormat(format, true);
ajv.addSchema({ ...spec, $id: 'ers-spec' });

/** Follows a local `$ref` (`#/components/...`) in the bundled document. */
export function resolve<T>(node: T): T {
  let current: unknown = node;
  while (current && typeof current === 'object' && '$ref' in current) {
    const ref = String((current as { $ref: string }).$ref);
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>(
        (at, key) => (at as Json)[key.replace(/~1/g, '/').replace(/~0/g, '~')],
        spec,
      );
  }
  return current as T;
}

const validators = new Map<string, ValidateFunction>();
/** A validator for a schema given by its JSON pointer in the spec, e.g. `#/components/schemas/X`. */
export function validatorFor(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `ers-spec${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

export function operation(path: string, method: string): Json {
  const op = spec.paths[path]?.[method];
  if (!op) throw new Error(`no ${method.toUpperCase()} ${path} in the spec`);
  return op;
}

export function responseFor(
  path: string,
  method: string,
  status: number,
): SpecResponse | undefined {
  const responses = operation(path, method).responses as Record<string, unknown>;
  const response = responses[String(status)];
  return response ? resolve(response as SpecResponse) : undefined;
}

/** The JSON pointer of the schema a response's JSON content uses (with `$ref`s, not inlined). */
export function schemaPointer(path: string, method: string, status: number): string | undefined {
  const responses = operation(path, method).responses as Record<string, { $ref?: string }>;
  const raw = responses[String(status)];
  if (!raw) return undefined;
  const base = raw.$ref
    ? raw.$ref.slice(1)
    : `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}`;
  const content = resolve(raw as SpecResponse).content ?? {};
  const mediaType = Object.keys(content).find((type) => type.includes('json'));
  if (!mediaType) return undefined;
  const schema = content[mediaType]!.schema as { $ref?: string } | undefined;
  if (!schema) return undefined;
  return schema.$ref
    ? schema.$ref.slice(1)
    : `${base}/content/${mediaType.replace(/~/g, '~0').replace(/\//g, '~1')}/schema`;
}

export function parametersOf(path: string, method: string): SpecParameter[] {
  return ((operation(path, method).parameters as unknown[]) ?? []).map((parameter) =>
    resolve(parameter as SpecParameter),
  );
}

export function requiredResponseHeaders(response: SpecResponse): string[] {
  return Object.entries(response.headers ?? {})
    .filter(([, header]) => resolve(header).required === true)
    .map(([name]) => name.toLowerCase());
}

export const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ');
