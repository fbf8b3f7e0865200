/**
 * The e-RS FHIR API at /referrals/FHIR, behind APIM's proxy. Each request goes through the same
 * steps, in the order APIM's proxy (NHSDigital/e-referrals-service-api ers-target.xml) and then
 * e-RS apply them:
 *
 *  APIM  1. bearer token: known, unexpired, carrying an e-RS scope                       -> 401
 *        2. NHSD-End-User-Organisation-ODS present (not for A030) and, with an
 *           allow-list, allowed for the app                                             -> 400/403
 *        3. rate limit, per application (10/s)                                           -> 429
 *           the app has an ASID (every operation, A030 too)                             -> 403
 *        4. business functions *_AUTHORISED_APPLICATION refused on a user token          -> 403
 *        5. identity assurance (IAL) of the exchanged ID token >= 3                      -> 401
 *  e-RS  6. the operation exists                                                         -> 404
 *        7. injected faults (faults.ts)                                                  -> 5xx
 *        8. (ODS, business function) is one of the user's A030 pairs (not for A030)       -> 403
 *        9. NHSD-eRS-On-Behalf-Of-User-ID: required for SPCA, one of theirs; else absent -> 403
 *       10. the business function may use the operation                                  -> 403
 *       11. the operation itself (404 unknown, 422/403 no relationship, ...)
 *
 * Every response carries X-Request-ID (a new UUID) and echoes X-Correlation-ID.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findPersona } from '../../personas';
import { ERS_SCOPES } from '../apim/token-endpoint';
import type { TokenStore } from '../apim/token-store';
import { readBody } from '../../lib/http';
import type { Faults } from './faults';
import type { ObjectStore } from './object-store';
import { a023, a024, a024Versioned, a025, a043 } from './operations/advice-and-guidance';
import { a004 } from './operations/code-system';
import { a007 } from './operations/clinical-information';
import { a030 } from './operations/practitioner-role';
import { a040 } from './operations/practitioner';
import { a029 } from './operations/task';
import { a033 } from './operations/healthcare-service';
import { a042 } from './operations/binary';
import { a005, a005Versioned } from './operations/referral-request';
import type { Operation, OperationResponse } from './operations/types';
import { a008 } from './operations/worklist';
import { APIM_ERROR_SYSTEM, apimOutcome, ersErrors, R4_PROFILE, type Flavour } from './outcomes';
import { createRateLimiter } from './rate-limit';
import { actingContexts, onBehalfOfRefusal } from './rules';

export const OPERATIONS: Operation[] = [
  a030,
  a008,
  a005Versioned,
  a005,
  a042,
  a007,
  a004,
  a040,
  a029,
  a033,
  a023,
  a024Versioned,
  a024,
  a025,
  a043,
];

export type ErsRequestRecord = {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The request body as received (empty for GETs), for contract checks of what callers send. */
  body?: string;
  /** The query string as sent (without `?`; empty for none), escapes and all. */
  rawQuery?: string;
};

export type FacadeOptions = {
  ersBaseUrl: string;
  tokens: TokenStore;
  faults: Faults;
  objectStore: ObjectStore;
  now: () => number;
  rateLimitPerSecond: number;
  /** APIM's end-user-organisation allow-list for the app; absent means no allow-list. */
  allowedOdsCodes?: string[];
  /** The app's ASID; null when NHS has set none on the application. */
  asid: string | null;
};

const IAL_REFUSAL =
  "We couldn't verify your identity. Contact your local Registration Authority or IT department for help.";
const AAL_REFUSAL =
  'The authentication method utilised is not currently supported. Contact your local Registration Authority or IT department for help.';
const FORBIDDEN =
  'The logged in user is not authorised to perform the requested action (e.g. due to their business function not being authorised, organisation not having the appropriate organisation role, legitimate relationship, referrer rights etc).';

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  const single = Array.isArray(value) ? value[0] : value;
  return single === undefined || single === '' ? undefined : single;
};

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createErsFacade(options: FacadeOptions) {
  const ersRequests: ErsRequestRecord[] = [];
  const rateLimiter = createRateLimiter(options.rateLimitPerSecond, options.now);

  function rateLimited(flavour: Flavour, now: number): OperationResponse {
    // STU3 paths: an empty body (APIM removes the payload); R4 paths: an OperationOutcome.
    if (flavour === 'STU3') return { status: 429, body: undefined };
    return {
      status: 429,
      body: {
        resourceType: 'OperationOutcome',
        meta: { lastUpdated: new Date(now).toISOString(), profile: [R4_PROFILE] },
        issue: [
          {
            severity: 'error',
            code: 'throttled',
            details: { coding: [{ system: APIM_ERROR_SYSTEM, code: 'TOO_MANY_REQUESTS' }] },
          },
        ],
      },
    };
  }

  function faultResponse(
    flavour: Flavour,
    status: number,
    retryAfter: string | undefined,
    now: number,
  ) {
    const errors = ersErrors(flavour, now);
    const headers = retryAfter ? { 'Retry-After': retryAfter } : undefined;
    if (status === 503) return errors.unavailable(retryAfter);
    if (status === 429) return { ...rateLimited(flavour, now), ...(headers ? { headers } : {}) };
    return { ...errors.serverError(), status, ...(headers ? { headers } : {}) };
  }

  async function respond(
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
    record?: ErsRequestRecord,
  ): Promise<OperationResponse> {
    const now = options.now();
    const flavour: Flavour = path.startsWith('/R4/') ? 'R4' : 'STU3';
    const body = await readBody(req, 1024 * 1024);
    if (record) record.body = body;

    // 1. The access token.
    const authorization = header(req, 'authorization') ?? '';
    const bearer = /^Bearer (\S+)$/.exec(authorization)?.[1];
    const token = bearer ? options.tokens.accessToken(bearer) : undefined;
    if (!token) return apimOutcome(flavour, 401, 'login', 'Invalid Access Token', now);
    if (token.expiresAt <= now)
      return apimOutcome(flavour, 401, 'login', 'Access Token expired', now);
    if (!token.grant.scopes.some((scope) => ERS_SCOPES.includes(scope))) {
      return apimOutcome(flavour, 401, 'login', AAL_REFUSAL, now);
    }

    // 2. The end-user organisation header (A030 needs only the token).
    const isA030 = a030.pattern.test(path);
    const odsCode = header(req, 'nhsd-end-user-organisation-ods');
    if (!isA030) {
      if (!odsCode) {
        return apimOutcome(
          flavour,
          400,
          'required',
          'Missing or Empty NHSD-End-User-Organisation-ODS header.',
          now,
          { stu3: 'MISSING_HEADER', r4: 'MISSING_HEADER' },
        );
      }
      if (options.allowedOdsCodes && !options.allowedOdsCodes.includes(odsCode)) {
        return apimOutcome(
          flavour,
          403,
          'forbidden',
          'Unauthorised ODS code provided in NHSD-End-User-Organisation-ODS header',
          now,
        );
      }
    }

    // 3. The rate limit, per application.
    if (!rateLimiter.allow(token.grant.apiKey)) return rateLimited(flavour, now);
    // APIM's proxy reads the ASID from the app (AssignMessage.PopulateAsidFromApp) for e-RS.
    if (!options.asid) {
      return apimOutcome(
        flavour,
        403,
        'forbidden',
        'ASID is not configured in the application',
        now,
      );
    }

    // 4-5. APIM's user-restricted flow: application-restricted business functions are refused.
    const businessFunction = header(req, 'nhsd-ers-business-function');
    if (businessFunction && /(^|_)AUTHORISED_APPLICATION$/.test(businessFunction)) {
      return apimOutcome(
        flavour,
        403,
        'forbidden',
        'User does not have the required Business Function at the specified Organisation.',
        now,
      );
    }
    if (token.grant.idAssuranceLevel < 3) {
      return apimOutcome(flavour, 401, 'forbidden', IAL_REFUSAL, now);
    }

    // 6. The operation.
    const errors = ersErrors(flavour, now);
    let operation: Operation | undefined;
    let params: string[] = [];
    for (const candidate of OPERATIONS) {
      const match = candidate.pattern.exec(path);
      if (match && candidate.method === req.method) {
        operation = candidate;
        params = match.slice(1).map((value) => decodeURIComponent(value));
        break;
      }
    }
    if (!operation) return errors.notFound(`No operation at ${req.method} ${path}.`);

    // 7. Injected faults.
    const fault = options.faults.take(operation.id);
    if (fault) {
      if (fault.delayMs) await delay(fault.delayMs);
      return faultResponse(flavour, fault.status, fault.retryAfter, now);
    }

    // 8-10. e-RS: who the user is and what they may do.
    const persona = findPersona(token.grant.sub);
    if (!persona) return errors.forbidden(FORBIDDEN);
    let acting: { odsCode: string; businessFunction: string } | undefined;
    if (operation.businessFunctions) {
      acting = actingContexts(persona).find(
        (pair) => pair.odsCode === odsCode && pair.businessFunction === businessFunction,
      );
      if (!acting) return errors.forbidden(FORBIDDEN);
      const oboRefusal = onBehalfOfRefusal(
        persona,
        acting.businessFunction,
        header(req, 'nhsd-ers-on-behalf-of-user-id'),
        { requiredForSpca: operation.onBehalfOfRequiredForSpca },
      );
      if (oboRefusal) return errors.forbidden(oboRefusal);
      if (!operation.businessFunctions.has(acting.businessFunction)) {
        return errors.forbidden(FORBIDDEN);
      }
    }

    // 11. The operation.
    return operation.handle({
      params,
      query,
      headers: req.headers,
      body,
      persona,
      acting,
      now,
      ersBaseUrl: options.ersBaseUrl,
      errors,
      objectStore: options.objectStore,
    });
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ) {
    const record: ErsRequestRecord = {
      method: req.method ?? 'GET',
      path,
      headers: { ...req.headers },
      rawQuery: req.url?.split('?')[1] ?? '',
    };
    ersRequests.push(record);
    const headers: Record<string, string> = { 'X-Request-ID': randomUUID() };
    const correlationId = header(req, 'x-correlation-id');
    if (correlationId) headers['X-Correlation-ID'] = correlationId;

    let response: OperationResponse;
    try {
      response = await respond(req, path, query, record);
    } catch (error) {
      console.error('[ers-standin] request failed', error);
      response = ersErrors(path.startsWith('/R4/') ? 'R4' : 'STU3', options.now()).serverError();
    }
    const all = { ...headers, ...response.headers };
    if (response.raw) {
      res.writeHead(response.status, all);
      res.end(response.raw);
    } else if (response.body !== undefined) {
      res.writeHead(response.status, { 'content-type': 'application/fhir+json', ...all });
      res.end(JSON.stringify(response.body));
    } else {
      res.writeHead(response.status, all);
      res.end();
    }
  }

  return { handle, ersRequests, rateLimiter };
}
