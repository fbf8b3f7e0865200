/**
 * A local stand-in for NHS's public e-RS sandbox (https://sandbox.api.service.nhs.uk/referrals/FHIR),
 * which is not reachable from here. It answers as the sandbox does (NHSDigital/e-referrals-service-api,
 * `sandbox/`): no token needed, the same canned answers for everyone, and those answers are the
 * e-RS specification's own examples, read from the spec here rather than from the stand-ins'
 * fixtures (which change the examples to give each persona their own data):
 *
 * - A030: the spec's example bundle, whoever asks;
 * - A005: the example whose id is the UBRN (and its `_history/5`), otherwise 422;
 * - A008: the example response whose request example the body equals exactly, otherwise 422;
 * - A004: the example code system of that type, otherwise 404;
 * - A007: a PDF for any UBRN; A042: 307 to an object-store URL for a UUID id, otherwise 400.
 *
 * Each checks the business function against the operation's list and the on-behalf-of header
 * against SERVICE_PROVIDER_CLINICIAN_ADMIN, with the sandbox's 403 `SANDBOX_ERROR` texts.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simplePdf } from '@ers/fixtures/files';
import { resolve, spec } from '../../standins/apim-ers/testing/spec';

type Json = Record<string, unknown>;
type Examples = Record<string, { value?: unknown }>;

function examples(path: string, method: string, part: 'request' | number): Examples {
  const op = spec.paths[path]![method] as Json;
  const holder =
    part === 'request'
      ? resolve(op.requestBody as Json)
      : resolve((op.responses as Record<string, Json>)[String(part)]!);
  const content = (holder.content as Record<string, { examples?: Examples }>)[
    'application/fhir+json'
  ];
  return Object.fromEntries(
    Object.entries(content?.examples ?? {}).map(([name, example]) => [name, resolve(example)]),
  );
}

const byId = (all: Examples) =>
  new Map(Object.values(all).map((example) => [String((example.value as Json).id), example.value]));

const REFERRALS = byId(examples('/STU3/ReferralRequest/{ubrn}', 'get', 200));
const CODE_SYSTEMS = byId(examples('/STU3/CodeSystem/{codeSystemType}', 'get', 200));
const PRACTITIONER_ROLES = Object.values(examples('/R4/PractitionerRole', 'get', 200))[0]!.value;
const WORKLIST_REQUESTS = examples('/STU3/ReferralRequest/$ers.fetchworklist', 'post', 'request');
const WORKLIST_RESPONSES = examples('/STU3/ReferralRequest/$ers.fetchworklist', 'post', 200);

const CLINICAL = [
  'REFERRING_CLINICIAN',
  'REFERRING_CLINICIAN_ADMIN',
  'SERVICE_PROVIDER_CLINICIAN',
  'SERVICE_PROVIDER_CLINICIAN_ADMIN',
];
const WORKLIST = [...CLINICAL, 'SERVICE_PROVIDER_ADMIN', 'REFERRING_ADMIN'];

const SANDBOX_ERROR = {
  resourceType: 'OperationOutcome',
  meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/eRS-OperationOutcome-1'] },
  issue: [{ severity: 'error', code: 'invalid', diagnostics: 'SANDBOX_ERROR' }],
};

/** Deep equality of two JSON values, key order aside (as the sandbox compares bodies). */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameJson(item, b[index]))
    );
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => sameJson((a as Json)[key], (b as Json)[key]))
    );
  }
  return a === b;
}

/** The sandbox's business-function and on-behalf-of checks; a refusal, or undefined. */
function refusal(headers: IncomingHttpHeaders, allowed: string[]): string | undefined {
  const businessFunction = headers['nhsd-ers-business-function'];
  const onBehalfOf = headers['nhsd-ers-on-behalf-of-user-id'];
  if (!businessFunction || Array.isArray(businessFunction)) return undefined;
  if (!allowed.includes(businessFunction)) {
    return `SANDBOX_ERROR: This endpoint cannot be accessed using the e-RS Business Function provided. Allowed values: ${allowed.join(',')}`;
  }
  if (businessFunction === 'SERVICE_PROVIDER_CLINICIAN_ADMIN' && !onBehalfOf) {
    return 'SANDBOX_ERROR: When this endpoint is accessed using the e-RS SERVICE_PROVIDER_CLINICIAN_ADMIN Business Function then an On-Behalf-Of User ID must be provided';
  }
  if (businessFunction !== 'SERVICE_PROVIDER_CLINICIAN_ADMIN' && onBehalfOf) {
    return 'SANDBOX_ERROR: An On-Behalf-Of User ID must only be provided if this endpoint is accessed using the e-RS SERVICE_PROVIDER_CLINICIAN_ADMIN Business Function';
  }
  return undefined;
}

export type FakeSandboxRequest = { method: string; path: string; headers: IncomingHttpHeaders };

export async function startFakeSandbox() {
  const requests: FakeSandboxRequest[] = [];
  let origin = '';
  let base = '';
  const withBase = (body: unknown) =>
    JSON.parse(JSON.stringify(body).replaceAll('_baseUrl_', base).replaceAll('_baseurl_', base));

  function answer(res: ServerResponse, status: number, body: unknown, headers = {}) {
    res.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
    res.end(JSON.stringify(withBase(body)));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
      const forbidden = (allowed: string[]) => {
        const text = refusal(req.headers, allowed);
        if (text) res.writeHead(403, { 'content-type': 'text/plain' }).end(text);
        return text !== undefined;
      };
      const route = path.replace(/^\/referrals\/FHIR/, '');
      let match: RegExpExecArray | null;

      if (req.method === 'GET' && route === '/R4/PractitionerRole') {
        return answer(res, 200, PRACTITIONER_ROLES);
      }
      if (
        req.method === 'GET' &&
        (match = /^\/STU3\/ReferralRequest\/(\d+)(?:\/_history\/(\d+))?$/.exec(route))
      ) {
        if (forbidden(CLINICAL)) return;
        const referral = REFERRALS.get(match[1]!);
        if (referral && (match[2] === undefined || match[2] === '5')) {
          return answer(res, 200, referral, { etag: 'W/"5"' });
        }
        return answer(res, 422, SANDBOX_ERROR);
      }
      if (req.method === 'POST' && route === '/STU3/ReferralRequest/$ers.fetchworklist') {
        if (forbidden(WORKLIST)) return;
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return answer(res, 422, SANDBOX_ERROR);
        }
        const name = Object.keys(WORKLIST_REQUESTS).find((key) =>
          sameJson(WORKLIST_REQUESTS[key]!.value, body),
        );
        const response = name ? WORKLIST_RESPONSES[name]?.value : undefined;
        return response ? answer(res, 200, response) : answer(res, 422, SANDBOX_ERROR);
      }
      if (req.method === 'GET' && (match = /^\/STU3\/CodeSystem\/([A-Z-]+)$/.exec(route))) {
        if (forbidden(CLINICAL)) return;
        const codeSystem = CODE_SYSTEMS.get(match[1]!);
        if (codeSystem) return answer(res, 200, codeSystem);
        return res.writeHead(404).end();
      }
      if (
        req.method === 'POST' &&
        (match = /^\/STU3\/ReferralRequest\/(\d+)\/\$ers\.generateCRI$/.exec(route))
      ) {
        if (forbidden(CLINICAL)) return;
        const pdf = simplePdf([`Clinical information for ${match[1]}`]);
        res.writeHead(200, {
          'content-type': 'application/pdf',
          'content-length': String(pdf.length),
          'content-disposition': `attachment; filename="${match[1]}_Clinical_Information_Summary.pdf"`,
        });
        return res.end(pdf);
      }
      if (req.method === 'GET' && (match = /^\/R4\/Binary\/([^/]+)$/.exec(route))) {
        if (forbidden(CLINICAL)) return;
        if (
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(match[1]!)
        ) {
          res.writeHead(307, {
            location: `${origin}/ObjectStore/d497bbe3-f88b-45f1-b3d4-9c563e4c0f5f`,
          });
          return res.end();
        }
        return answer(res, 400, SANDBOX_ERROR);
      }
      if (req.method === 'GET' && path.startsWith('/ObjectStore/')) {
        const pdf = simplePdf(['An attachment from the sandbox']);
        res.writeHead(200, {
          'content-type': 'application/pdf',
          'content-length': String(pdf.length),
        });
        return res.end(pdf);
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  base = `${origin}/referrals/FHIR`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
