/**
 * The operation table (src/ers/operations.ts) against the e-RS API specification and the
 * contract's route table: each operation is one the specification defines, under its number,
 * and each contract route is served, once per method, by exactly one operation.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SPEC_PATH } from '@ers/fixtures/spec';
import { API_ROUTES } from '@ers/shared/bff-contract';
import { ERS_OPERATIONS } from '../src/ers/operations';

type Spec = { paths: Record<string, Record<string, { operationId?: string }>> };
const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Spec;
const operationIds = new Set(
  Object.values(spec.paths).flatMap((methods) =>
    Object.values(methods).flatMap((operation) => operation.operationId ?? []),
  ),
);

describe('the e-RS operation table', () => {
  it.each(ERS_OPERATIONS.map((operation) => [operation.id, operation.operationId]))(
    '%s is the specification operation %s',
    (id, operationId) => {
      expect(operationIds).toContain(operationId);
      expect(operationId.startsWith(`${id.toLowerCase()}-`)).toBe(true);
    },
  );

  it('lists each operation once', () => {
    const ids = ERS_OPERATIONS.map((operation) => operation.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('serves every contract route, each method by one operation only', () => {
    const served = ERS_OPERATIONS.flatMap((operation) =>
      operation.routes.map((route) => `${route.method} ${route.route}`),
    );
    expect(new Set(served).size).toBe(served.length);
    expect(new Set(served.map((entry) => entry.split(' ')[1]))).toEqual(
      new Set(Object.keys(API_ROUTES)),
    );
  });
});
