/**
 * PDS FHIR R4 `GET /Patient/{id}` at /personal-demographics/FHIR/R4, behind the same APIM as e-RS
 * and taking the same exchanged token. Checks in the order of PDS's live proxy
 * (NHSDigital/personal-demographics-service-api `proxies/live/apiproxy/targets/ig3.xml`), then
 * Spine's, each refusal with PDS's own body (`@ers/fixtures/pds-errors`):
 *
 *  APIM  1. Authorization: present, `Bearer <token>`, a token APIM issued, unexpired, with a PDS
 *           scope at the user's AAL (the app subscribes to the PDS product)           -> 401
 *        2. rate limit, per application (PDS's default 5/s)                         -> 429
 *        3. X-Request-ID, when sent, is a UUID                                        -> 400
 *        4. NHSD-Session-URID is one of the user's CIS2 roles; absent, only a user
 *           with exactly one role passes                                              -> 400
 *  Spine 5. X-Request-ID present                                                      -> 400
 *        6. injected faults (operation `PDS`)                                        -> 5xx
 *        7. the NHS number: present, 10 digits passing Modulus 11                     -> 400
 *        8. the patient (`@ers/fixtures/patients`): 200, or 404 not found / invalidated
 *
 * Every answer echoes X-Request-ID and X-Correlation-ID; a 200 carries `ETag: W/"<versionId>"`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pdsAnswerFor } from '@ers/fixtures/patients';
import { PDS_ERRORS, fill } from '@ers/fixtures/pds-errors';
import { isValidNhsNumber } from '@ers/shared/nhs-number';
import { findPersona } from '../../personas';
import type { TokenStore } from '../apim/token-store';
import type { Faults } from '../ers/faults';
import { createRateLimiter } from '../ers/rate-limit';

export const PDS_PATH = '/personal-demographics/FHIR/R4';

/** The PDS healthcare-worker product's scopes (PDS `manifest_template.yml`). */
export const PDS_SCOPES = [
  'urn:nhsd:apim:user-nhs-cis2:aal3:personal-demographics-service',
  'urn:nhsd:apim:user-nhs-cis2:aal2:personal-demographics-service',
  'urn:nhsd:apim:user-nhs-id:aal3:personal-demographics-service',
];

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SPINE_CODES = 'https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode';
const URID_GUIDANCE =
  'Refer to the guidance for this header in our API Specification https://digital.nhs.uk/developer/api-catalogue/personal-demographics-service-fhir';

export type PdsRequestRecord = {
  path: string;
  headers: Record<string, string | string[] | undefined>;
};

export type PdsFacadeOptions = {
  tokens: TokenStore;
  faults: Faults;
  now: () => number;
  rateLimitPerSecond: number;
};

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

const accessDenied = (diagnostics: string): Answer => ({
  status: 401,
  body: fill(PDS_ERRORS.ACCESS_DENIED, { display: 'Access Denied - Unauthorised', diagnostics }),
});

const invalidValue = (value: string, headerName: string, more = ''): Answer => ({
  status: 400,
  body: fill(PDS_ERRORS.INVALID_VALUE, {
    diagnostics: `Invalid value - '${value}' in header '${headerName}'${more}`,
  }),
});

/** APIM's quota policy body (AssignMessage.Errors.AppQuotaExceeded): no example file exists. */
const tooManyRequests = (apiKey: string, perSecond: number): Answer => ({
  status: 429,
  body: {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: 'value',
        details: {
          coding: [
            {
              system: SPINE_CODES,
              version: '1',
              code: 'TOO_MANY_REQUESTS',
              display: 'Too many requests',
            },
          ],
        },
        diagnostics: `Your application, ${apiKey}, has exceeded its quota of ${perSecond} requests every 1 second(s) and is being rate limited.`,
      },
    ],
  },
});

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createPdsFacade(options: PdsFacadeOptions) {
  const pdsRequests: PdsRequestRecord[] = [];
  const rateLimiter = createRateLimiter(options.rateLimitPerSecond, options.now);

  async function respond(req: IncomingMessage, path: string): Promise<Answer> {
    const now = options.now();
    // 1. The token, as PDS's proxy words each case.
    const authorization = header(req, 'authorization');
    if (authorization === undefined) return accessDenied('Missing Authorization header');
    if (authorization === '') return accessDenied('Empty Authorization header');
    const [scheme, token] = authorization.split(' ', 2);
    if (scheme !== 'Bearer') {
      return accessDenied(`Invalid token type '${scheme}', must be 'Bearer'`);
    }
    if (!token) return accessDenied('Missing access token');
    const record = options.tokens.accessToken(token);
    if (!record) return accessDenied('Invalid Access Token');
    if (record.expiresAt <= now) return accessDenied('Access Token expired');
    const level = `:aal${record.grant.authenticationAssuranceLevel}:`;
    if (!record.grant.scopes.some((scope) => PDS_SCOPES.includes(scope) && scope.includes(level))) {
      return accessDenied('Invalid API call as no apiproduct match found');
    }

    // 2. The application's quota (malformed requests count too: it comes before the header checks).
    if (!rateLimiter.allow(record.grant.apiKey)) {
      return tooManyRequests(record.grant.apiKey, options.rateLimitPerSecond);
    }

    // 3. X-Request-ID, when sent, must be a UUID.
    const requestId = header(req, 'x-request-id');
    if (requestId !== undefined && !UUID.test(requestId)) {
      return invalidValue(requestId, 'X-Request-ID');
    }

    // 4. The user's role (APIM's UserRoleService).
    const persona = findPersona(record.grant.sub);
    const roleIds = persona?.roles.map((role) => role.personRoleId) ?? [];
    const urid = header(req, 'nhsd-session-urid');
    if (urid === undefined ? roleIds.length !== 1 : !roleIds.includes(urid)) {
      return invalidValue(urid ?? '', 'NHSD-Session-URID', `. ${URID_GUIDANCE}`);
    }

    // 5. Spine requires X-Request-ID.
    if (requestId === undefined) return { status: 400, body: PDS_ERRORS.MISSING_X_REQUEST_ID };

    // 6. Faults.
    const fault = options.faults.take('PDS');
    if (fault) {
      if (fault.delayMs) await delay(fault.delayMs);
      // PDS publishes no body for an outage; a 429 is the quota's.
      const faulty =
        fault.status === 429
          ? tooManyRequests(record.grant.apiKey, options.rateLimitPerSecond)
          : { status: fault.status };
      return fault.retryAfter
        ? { ...faulty, headers: { 'Retry-After': fault.retryAfter } }
        : faulty;
    }

    // 7-8. The patient.
    const nhsNumber = decodeURIComponent(/^\/Patient\/([^/]*)$/.exec(path)?.[1] ?? '');
    if (nhsNumber === '') return { status: 400, body: PDS_ERRORS.UNSUPPORTED_SERVICE };
    if (!isValidNhsNumber(nhsNumber)) return { status: 400, body: PDS_ERRORS.INVALID_RESOURCE_ID };
    const answer = pdsAnswerFor(nhsNumber);
    if (answer.status === 404) return { status: 404, body: PDS_ERRORS[answer.code] };
    const versionId = (answer.resource.meta as { versionId?: string } | undefined)?.versionId;
    return {
      status: 200,
      body: answer.resource,
      headers: versionId ? { ETag: `W/"${versionId}"` } : {},
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string) {
    pdsRequests.push({ path, headers: { ...req.headers } });
    let answer: Answer;
    if (req.method !== 'GET' || !path.startsWith('/Patient/')) {
      // Only GET /Patient/{id} is modelled; PDS answers other paths as a missing id.
      answer = { status: 400, body: PDS_ERRORS.UNSUPPORTED_SERVICE };
    } else {
      answer = await respond(req, path);
    }
    const headers: Record<string, string> = { ...answer.headers };
    const requestId = header(req, 'x-request-id');
    if (requestId) headers['X-Request-ID'] = requestId;
    const correlationId = header(req, 'x-correlation-id');
    if (correlationId) headers['X-Correlation-ID'] = correlationId;
    // Patients are FHIR; APIM's own refusals declare plain JSON (PDS's proxy policies).
    const type = answer.status === 200 ? 'application/fhir+json' : 'application/json';
    if (answer.body === undefined) {
      res.writeHead(answer.status, headers);
      res.end();
      return;
    }
    res.writeHead(answer.status, { 'content-type': type, ...headers });
    res.end(JSON.stringify(answer.body));
  }

  return { handle, pdsRequests, rateLimiter };
}
