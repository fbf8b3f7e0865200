/**
 * Contract test of what the BFF sends: every e-RS request made during clinician journeys
 * (provider clinician, SPC admin acting for a clinician, referring clinician) is checked against
 * the e-RS OpenAPI specification: a documented path and method, every header the operation
 * requires, no NHSD-* header the operation does not declare, business functions from the
 * spec's enum, on-behalf-of exactly for SPC admins, and request bodies valid against the spec.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErsRequestRecord } from '../standins/apim-ers/ers/facade';
import { resolve, spec, validatorFor } from '../standins/apim-ers/testing/spec';
import {
  Browser,
  WITHOUT_RATE_LIMITS,
  signIn,
  startLocalEnvironment,
  type LocalEnvironment,
} from './support/harness';

type Json = Record<string, unknown>;
type Parameter = { name: string; in: string; required?: boolean; schema?: { enum?: string[] } };
const CSRF = { 'X-CSRF': '1' };

let env: LocalEnvironment;
let requests: ErsRequestRecord[] = [];

async function get(browser: Browser, path: string) {
  const response = await browser.request(`${env.origin}${path}`, { headers: CSRF });
  expect(response.status, `${path}: ${response.body.slice(0, 200)}`).toBeLessThan(300);
  return response;
}

beforeAll(async () => {
  env = await startLocalEnvironment({ logLevel: 'silent', ...WITHOUT_RATE_LIMITS });

  const provider = new Browser();
  await signIn(provider, env.origin, '555032006106');
  await get(provider, '/api/acting-context');
  await get(provider, '/api/worklists/REFERRALS_FOR_REVIEW');
  await get(provider, '/api/worklists/APPOINTMENT_SLOT_ISSUES');
  const summary = JSON.parse((await get(provider, '/api/referrals/000000070000')).body) as {
    version: string | null;
    attachments?: Array<{ id: string; availability: { code: string } | string }>;
  };
  await get(provider, `/api/referrals/000000070000/versions/${summary.version ?? '5'}`);
  await get(provider, `/api/referrals/000000070000/versions/${summary.version ?? '5'}/actions`);
  const available = (summary.attachments ?? []).find((attachment) =>
    JSON.stringify(attachment.availability).includes('AVAILABLE'),
  );
  expect(available, 'a referral with an AVAILABLE attachment').toBeDefined();
  await get(provider, `/api/referrals/000000070000/attachments/${available!.id}`);
  await get(provider, '/api/referrals/000000070000/clinical-information');
  await get(provider, '/api/reference-data/SPECIALTY');
  await get(provider, '/api/advice-and-guidance');
  const advice = JSON.parse(
    (await get(provider, '/api/advice-and-guidance/000000090001')).body,
  ) as {
    version: string;
  };
  await get(provider, `/api/advice-and-guidance/000000090001/versions/${advice.version}`);
  await get(
    provider,
    `/api/advice-and-guidance/000000090001/versions/${advice.version}/conversation`,
  );
  await get(provider, '/api/advice-and-guidance/000000090001/overview');
  await get(
    provider,
    '/api/advice-and-guidance/000000090001/attachments/95786c88-0f4b-4336-89e1-8463a83a6756',
  );

  const admin = new Browser();
  await signIn(admin, env.origin, '555031998104');
  await get(admin, '/api/on-behalf-of');
  const chosen = await admin.request(`${env.origin}/api/acting-context`, {
    method: 'PUT',
    headers: { ...CSRF, 'content-type': 'application/json' },
    body: JSON.stringify({
      odsCode: 'RCD',
      businessFunction: 'SERVICE_PROVIDER_CLINICIAN_ADMIN',
      onBehalfOfUserId: '555032006106',
    }),
  });
  expect(chosen.status).toBe(200);
  await get(admin, '/api/referrals/000000070001');
  await get(admin, '/api/referrals/000000070001/versions/5/actions');
  await get(admin, '/api/worklists/REFERRALS_FOR_REVIEW');
  await get(admin, '/api/advice-and-guidance');
  await get(admin, '/api/advice-and-guidance/000000090000/versions/5/conversation');

  const referrer = new Browser();
  await signIn(referrer, env.origin, '555073103100', { roleId: '555073103100201' });
  for (const list of [
    'REJECTED_TRIAGE_RESPONSE',
    'ASSESSMENT_RETURNED_CANCELLED_DNA',
    'AWAITING_BOOKING',
    'LETTERS_OUTSTANDING',
  ]) {
    await get(referrer, `/api/worklists/${list}`);
  }
  await get(referrer, '/api/referrals/000000070002/versions/5/actions');
  await get(referrer, '/api/healthcare-services/11016');

  requests = [...env.apimErs.ersRequests];
});
afterAll(async () => {
  await env?.close();
});

/** The spec's path template and operation for a request, or undefined. */
function operationFor(
  request: ErsRequestRecord,
): { template: string; operation: Json } | undefined {
  const path = request.path.split('?')[0]!;
  for (const [template, methods] of Object.entries(spec.paths)) {
    const pattern = new RegExp(
      `^${template.replace(/[.$]/g, (char) => `\\${char}`).replace(/\{[^}]+\}/g, '[^/]+')}$`,
    );
    const operation = methods[request.method.toLowerCase()] as Json | undefined;
    if (pattern.test(path) && operation) return { template, operation };
  }
  return undefined;
}

function parametersOf(operation: Json): Parameter[] {
  return ((operation.parameters as unknown[]) ?? []).map(
    (parameter) => resolve(parameter) as Parameter,
  );
}

const header = (request: ErsRequestRecord, name: string) => request.headers[name.toLowerCase()];
const pointerTo = (template: string, method: string) =>
  `#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`;

describe('every e-RS request the BFF made', () => {
  it('covers every retrieval operation we use', () => {
    const operations = new Set(
      requests.map((request) => operationFor(request)?.operation.operationId),
    );
    for (const id of [
      'a030-retrieve-business-functions',
      'a008-retrieve-worklist',
      'a005-retrieve-referral-request',
      'a005-retrieve-referral-request-versioned',
      'a042-retrieve-attachment',
      'a007-retrieve-clinical-information',
      'a004-retrieve-reference-data',
      'a040-retrieve-practitioner-info',
      'a029-available-actions-for-user-list',
      'a033-retrieve-healthcare-service',
      'a023-retrieve-a&g-worklist',
      'a024-retrieve-advice-and-guidance',
      'a024-retrieve-advice-and-guidance-versioned',
      'a025-retrieve-advice-and-guidance-conversation',
      'a043-retrieve-advice-and-guidance-overview-pdf',
    ]) {
      expect(operations, id).toContain(id);
    }
  });

  it('is a documented operation', () => {
    for (const request of requests) {
      expect(operationFor(request), `${request.method} ${request.path}`).toBeDefined();
    }
  });

  it('carries every header the operation requires, user-restricted ones included', () => {
    for (const request of requests) {
      const { operation } = operationFor(request)!;
      for (const parameter of parametersOf(operation).filter((p) => p.in === 'header')) {
        // The spec marks the ODS and business-function headers optional in the schema but
        // "Required for user-restricted access" in words; we are user-restricted.
        const userRestricted = /^NHSD-(End-User-Organisation-ODS|eRS-Business-Function)$/.test(
          parameter.name,
        );
        if (parameter.required || userRestricted) {
          expect(
            header(request, parameter.name),
            `${operation.operationId}: ${parameter.name}`,
          ).toBeTruthy();
        }
      }
      expect(String(header(request, 'authorization'))).toMatch(/^Bearer \S+$/);
    }
  });

  it('sends no NHSD-* header the operation does not declare, and no legacy ASID or session key', () => {
    for (const request of requests) {
      const { operation } = operationFor(request)!;
      const declared = new Set(parametersOf(operation).map((p) => p.name.toLowerCase()));
      for (const name of Object.keys(request.headers)) {
        if (name.startsWith('nhsd-'))
          expect(declared, `${operation.operationId}: ${name}`).toContain(name);
        expect(name).not.toMatch(/asid|session-key|x-session/i);
      }
    }
  });

  it("uses business functions from the spec's enum, and on-behalf-of exactly for SPC admins", () => {
    for (const request of requests) {
      const { operation } = operationFor(request)!;
      const businessFunction = header(request, 'NHSD-eRS-Business-Function');
      const declared = parametersOf(operation).find((p) => p.name === 'NHSD-eRS-Business-Function');
      if (declared)
        expect(declared.schema?.enum ?? [], operation.operationId as string).toContain(
          businessFunction,
        );
      const onBehalfOf = header(request, 'NHSD-eRS-On-Behalf-Of-User-ID');
      if (
        businessFunction === 'SERVICE_PROVIDER_CLINICIAN_ADMIN' &&
        operation.operationId !== 'a040-retrieve-practitioner-info'
      ) {
        expect(onBehalfOf, `${operation.operationId} as SPCA`).toBe('555032006106');
      } else {
        expect(
          onBehalfOf,
          `${operation.operationId} as ${String(businessFunction)}`,
        ).toBeUndefined();
      }
    }
  });

  it('sends every query parameter the operation requires, and only ones it declares, from its enums', () => {
    for (const request of requests) {
      const { operation } = operationFor(request)!;
      const query = new URLSearchParams(request.rawQuery ?? '');
      const declared = parametersOf(operation).filter((p) => p.in === 'query');
      for (const parameter of declared.filter((p) => p.required)) {
        expect(
          query.getAll(parameter.name),
          `${operation.operationId}: ${parameter.name}`,
        ).toHaveLength(1);
      }
      for (const [name, value] of query) {
        const parameter = declared.find((p) => p.name === name);
        expect(parameter, `${operation.operationId}: ?${name}`).toBeDefined();
        if (parameter?.schema?.enum) {
          expect(parameter.schema.enum, `${operation.operationId}: ${name}`).toContain(value);
        }
      }
      // A029's focus: `ReferralRequest/{ubrn}/_history/{version}`, its slashes as they are.
      if (operation.operationId === 'a029-available-actions-for-user-list') {
        expect(`?${request.rawQuery}`).toMatch(
          /[?&]focus=ReferralRequest\/\d{12}\/_history\/\d+(&|$)/,
        );
      }
    }
  });

  it('sends request bodies valid against the spec', () => {
    const posts = requests.filter((request) => request.method === 'POST');
    expect(posts.length).toBeGreaterThan(0);
    for (const request of posts) {
      const { template, operation } = operationFor(request)!;
      const content = (resolve(operation.requestBody) as Json | undefined)?.content as
        Json | undefined;
      if (!content) {
        expect(request.body ?? '', `${operation.operationId} takes no body`).toBe('');
        continue;
      }
      expect(String(header(request, 'content-type'))).toContain('application/fhir+json');
      const validate = validatorFor(
        `${pointerTo(template, 'post')}/requestBody/content/application~1fhir+json/schema`,
      );
      const valid = validate(JSON.parse(request.body ?? 'null'));
      expect(
        valid,
        `${operation.operationId}: ${JSON.stringify(validate.errors?.slice(0, 3))}`,
      ).toBe(true);
    }
  });
});
