/**
 * e-RS FHIR API client: the retrieval operations a clinician viewer needs, and nothing else.
 * Every call carries the acting context as NHS asks (ODS code and business function headers,
 * on-behalf-of exactly when the function is SERVICE_PROVIDER_CLINICIAN_ADMIN) and the request's
 * X-Correlation-ID; e-RS answers with its transaction id in X-Request-ID. Headers are built here
 * from scratch, so nothing of the browser's request (cookies, hop-by-hop, X-Forwarded-*) can
 * reach e-RS. Outcomes are values, one kind per case the caller handles; a body is validated
 * and mapped to its view model here, so garbage becomes `invalid_response`, never a view.
 */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { REFERRAL_VERSION_PATTERN, type BusinessFunction } from '@ers/shared/bff-contract';
import {
  ERS_SERVICE_SYSTEM,
  FETCH_WORKLIST_PROFILE,
  REFERRAL_LIST_SELECTOR_SYSTEM,
} from '@ers/shared/ers-fhir';
import {
  toOnBehalfOfPractitioners,
  toPractitionerRoles,
  type OnBehalfOfPractitioners,
  type PractitionerRoles,
} from '@ers/shared/practitioners';
import {
  toReferenceData,
  type ReferenceData,
  type ReferenceDataCodeSystem,
} from '@ers/shared/reference-data';
import {
  ATTACHMENT_ID_PATTERN,
  toReferralSummary,
  type ReferralSummary,
} from '@ers/shared/referral-summary';
import type { Ubrn } from '@ers/shared/ubrn';
import { toWorklist, type Worklist, type WorklistType } from '@ers/shared/worklist';
import type { AssignedIndicator, WorklistFilters } from '@ers/shared/worklist-filters';
import type { Logger } from '../logging/logger';
import { outcomeDetails, type OutcomeDetails } from './operation-outcome';
import type { RateLimiter } from './rate-limiter';
import { parseRetryAfter, type RetryPolicy } from './retry';
import {
  createUpstream,
  header,
  type UpstreamRequest,
  type UpstreamResult,
  type UpstreamTimeouts,
} from './upstream';

export type ErsOperationId = 'A004' | 'A005' | 'A007' | 'A008' | 'A030' | 'A040' | 'A042';

/** What every call needs: the APIM token (null only in the public sandbox) and our ids. */
export type ErsAuth = {
  accessToken: string | null;
  correlationId: string;
  /** The request's logger (carries the correlation id); each upstream call is logged. */
  log?: Logger | undefined;
};

/** The organisation and e-RS role the user acts in (e-RS A030 lists the allowed pairs). */
export type ActingContext = ErsAuth & {
  odsCode: string;
  businessFunction: BusinessFunction;
  /** SDS user id of the clinician an SPCA acts for (A040); sent only for SPCA. */
  onBehalfOfUserId?: string | undefined;
};

export type ReferralVersion = string & { readonly __brand: 'ReferralVersion' };
export type AttachmentId = string & { readonly __brand: 'AttachmentId' };

export function parseReferralVersion(input: string): ReferralVersion | null {
  return REFERRAL_VERSION_PATTERN.test(input) ? (input as ReferralVersion) : null;
}

export function parseAttachmentId(input: string): AttachmentId | null {
  return ATTACHMENT_ID_PATTERN.test(input) ? (input as AttachmentId) : null;
}

/** A file on its way to the browser, unread. */
export type ErsFile = {
  stream: ReadableStream<Uint8Array>;
  /** As the upstream sent it; the route decides what the browser is told. */
  contentType: string | undefined;
  contentLength: number | undefined;
};

type Ids = { requestId: string | undefined };

export type ErsFailure =
  | ({ kind: 'not_found' } & Ids & OutcomeDetails)
  | ({ kind: 'unauthorized' } & Ids & OutcomeDetails)
  | ({ kind: 'forbidden' } & Ids & OutcomeDetails)
  | ({ kind: 'no_relationship' } & Ids & OutcomeDetails)
  /** 422 with the e-RS code: PENDING, THREATS_FOUND, VALIDATION_FAILED, PATIENT_ERROR... */
  | ({ kind: 'unprocessable' } & Ids & OutcomeDetails)
  /** e-RS said 429 (after our retries), or our own limiter refused before calling. */
  | ({ kind: 'rate_limited'; source: 'e-RS' | 'limiter'; retryAfterMs: number | undefined } & Ids)
  | ({
      kind: 'unavailable';
      reason: 'timeout' | 'network' | 'e-RS';
      retryAfterMs: number | undefined;
    } & Ids)
  | ({ kind: 'upstream_error'; status: number } & Ids & OutcomeDetails)
  | ({ kind: 'invalid_response'; reason: string } & Ids);

export type ErsOutcome<T> = ({ kind: 'ok'; body: T } & Ids) | ErsFailure;

export type ErsClientOptions = {
  /** e-RS FHIR base, e.g. https://int.api.service.nhs.uk/referrals/FHIR */
  baseUrl: string;
  /** Keep-alive pool; tests pass a MockAgent. One of our own when absent. */
  dispatcher?: Dispatcher | undefined;
  /** The shared e-RS rate limit (see rate-limiter.ts). None: unlimited (tests only). */
  limiter?: RateLimiter | undefined;
  maxQueueMs?: number | undefined;
  /**
   * Where A042 may send us for the file. `https-only` everywhere real; the local stand-ins
   * serve plain http, so the local preset names its exception.
   */
  objectStore?: 'https-only' | 'allow-http-for-local-stand-ins' | undefined;
  timeouts?: Partial<UpstreamTimeouts> | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  sleep?: ((ms: number) => Promise<unknown>) | undefined;
  random?: (() => number) | undefined;
  now?: (() => number) | undefined;
};

const FHIR_JSON = 'application/fhir+json';
/** For binaries: the file's type first, an OperationOutcome if e-RS refuses. */
const acceptFile = (type: string) => `${type}, ${FHIR_JSON};q=0.9`;
const REDIRECTS = new Set([302, 303, 307, 308]);

/** undici's body as the web stream Hono serves; cancelling it (browser gone) frees the socket. */
function toWebStream(body: Readable): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = (await chunks.next()) as { value: Buffer; done: boolean };
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      } catch (error) {
        controller.error(error);
      }
    },
    cancel() {
      body.destroy();
    },
  });
}

const ASSIGNED_INDICATOR_SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/eRS-AssignedIndicator-1';
const SDS_USER_ID_SYSTEM_STU3 = 'http://fhir.nhs.net/Id/sds-user-id';
const ODS_ORGANISATION_SYSTEM_STU3 = 'https://directory.spineservices.nhs.uk/STU3/Organization';

const indicator = (name: string, code: AssignedIndicator) => ({
  name,
  valueCodeableConcept: { coding: [{ system: ASSIGNED_INDICATOR_SYSTEM, code }] },
});

/**
 * A008's filter parameters, in the order and shapes of the spec's examples: a specialty or a
 * clinician goes with its assigned indicator (ASSIGNED unless the filters say otherwise); the
 * SPECIALTY code system lives under the e-RS base URL (the spec's `_baseUrl_`).
 */
export function worklistFilterParameters(filters: WorklistFilters, ersBase: string): unknown[] {
  const parameters: unknown[] = [];
  if (filters.service) {
    parameters.push({
      name: 'service',
      valueIdentifier: { system: ERS_SERVICE_SYSTEM, value: filters.service },
    });
  }
  const specialtyIndicator =
    filters.specialtyAssignedIndicator ?? (filters.specialty ? 'ASSIGNED' : undefined);
  if (specialtyIndicator) {
    parameters.push(indicator('specialtyAssignedIndicator', specialtyIndicator));
  }
  if (filters.specialty) {
    parameters.push({
      name: 'specialty',
      valueCodeableConcept: {
        coding: [{ system: `${ersBase}/STU3/CodeSystem/SPECIALTY`, code: filters.specialty }],
      },
    });
  }
  if (filters.location) {
    parameters.push({
      name: 'location',
      valueIdentifier: { system: ODS_ORGANISATION_SYSTEM_STU3, value: filters.location },
    });
  }
  const clinicianIndicator =
    filters.clinicianAssignedIndicator ?? (filters.clinician ? 'ASSIGNED' : undefined);
  if (clinicianIndicator) {
    parameters.push(indicator('clinicianAssignedIndicator', clinicianIndicator));
  }
  if (filters.clinician) {
    parameters.push({
      name: 'clinician',
      valueIdentifier: { system: SDS_USER_ID_SYSTEM_STU3, value: filters.clinician },
    });
  }
  return parameters;
}

export type ErsClient = ReturnType<typeof createErsClient>;

export function createErsClient(options: ErsClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const upstream = createUpstream(options);
  const allowHttpObjectStore = options.objectStore === 'allow-http-for-local-stand-ins';

  const url = (path: string) => new URL(`${base}${path}`);

  /** A030 takes the token only: it is how the acting context is found in the first place. */
  function authHeaders(auth: ErsAuth, accept: string): Record<string, string> {
    const headers: Record<string, string> = {
      Accept: accept,
      'X-Correlation-ID': auth.correlationId,
    };
    if (auth.accessToken) headers.Authorization = `Bearer ${auth.accessToken}`;
    return headers;
  }

  function ersHeaders(context: ActingContext, accept: string): Record<string, string> {
    const headers = {
      ...authHeaders(context, accept),
      'NHSD-End-User-Organisation-ODS': context.odsCode,
      'NHSD-eRS-Business-Function': context.businessFunction,
    };
    return context.businessFunction === 'SERVICE_PROVIDER_CLINICIAN_ADMIN' &&
      context.onBehalfOfUserId
      ? { ...headers, 'NHSD-eRS-On-Behalf-Of-User-ID': context.onBehalfOfUserId }
      : headers;
  }

  function failure(result: UpstreamResult): ErsFailure {
    switch (result.kind) {
      case 'busy':
        return {
          kind: 'rate_limited',
          source: 'limiter',
          retryAfterMs: result.retryAfterMs,
          requestId: undefined,
        };
      case 'timeout':
        return {
          kind: 'unavailable',
          reason: 'timeout',
          retryAfterMs: undefined,
          requestId: undefined,
        };
      case 'network':
        return {
          kind: 'unavailable',
          reason: 'network',
          retryAfterMs: undefined,
          requestId: undefined,
        };
      case 'response':
        break;
    }
    const requestId = header(result.headers, 'x-request-id');
    const details = outcomeDetails(result.json);
    const retryAfterMs = parseRetryAfter(header(result.headers, 'retry-after'), now());
    switch (result.status) {
      case 401:
        return { kind: 'unauthorized', requestId, ...details };
      case 403:
        return {
          kind: details.ersCode === 'NO_RELATIONSHIP' ? 'no_relationship' : 'forbidden',
          requestId,
          ...details,
        };
      case 404:
        return { kind: 'not_found', requestId, ...details };
      case 422:
        return {
          kind: details.ersCode === 'NO_RELATIONSHIP' ? 'no_relationship' : 'unprocessable',
          requestId,
          ...details,
        };
      case 429:
        return { kind: 'rate_limited', source: 'e-RS', retryAfterMs, requestId };
      case 502:
      case 503:
      case 504:
        return { kind: 'unavailable', reason: 'e-RS', retryAfterMs, requestId };
      default:
        if (result.status >= 200 && result.status < 400) {
          return {
            kind: 'invalid_response',
            reason: `unexpected status ${result.status}`,
            requestId,
          };
        }
        return { kind: 'upstream_error', status: result.status, requestId, ...details };
    }
  }

  /** One JSON retrieval: 200 and a body the view-model mapper accepts, or a failure. */
  async function retrieveJson<T>(
    call: Omit<UpstreamRequest, 'expect' | 'rateLimited'>,
    map: (json: unknown) => { ok: true; value: T } | { ok: false; reason: string },
  ): Promise<ErsOutcome<T>> {
    const result = await upstream.send({ ...call, expect: 'json', rateLimited: true });
    if (result.kind !== 'response' || result.status !== 200) {
      if (result.kind === 'response') result.stream?.destroy();
      return failure(result);
    }
    const requestId = header(result.headers, 'x-request-id');
    if (result.unreadable || result.json === undefined) {
      return { kind: 'invalid_response', reason: `${call.label}: body is not JSON`, requestId };
    }
    const mapped = map(result.json);
    if (!mapped.ok) {
      return { kind: 'invalid_response', reason: `${call.label}: ${mapped.reason}`, requestId };
    }
    return { kind: 'ok', body: mapped.value, requestId };
  }

  function file(result: UpstreamResult & { kind: 'response' }, stream: Readable): ErsFile {
    const length = Number(header(result.headers, 'content-length'));
    return {
      stream: toWebStream(stream),
      contentType: header(result.headers, 'content-type'),
      contentLength: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
    };
  }

  /**
   * Where A042's redirect may take us: an absolute https URL (http only for the local
   * stand-ins), no credentials in it. The URL itself is a short-lived credential: it is never
   * logged, cached or put in an outcome.
   */
  function objectStoreUrl(location: string | undefined): URL | string {
    if (!location) return 'redirect without a Location';
    let target: URL;
    try {
      target = new URL(location);
    } catch {
      return 'redirect to a relative or malformed Location';
    }
    if (target.protocol !== 'https:' && !(target.protocol === 'http:' && allowHttpObjectStore)) {
      return `redirect to a ${target.protocol} URL`;
    }
    if (target.username || target.password) return 'redirect to a URL with credentials';
    return target;
  }

  return {
    /** A030: the (ODS code, business functions) pairs the user may act in. */
    getPractitionerRoles(auth: ErsAuth): Promise<ErsOutcome<PractitionerRoles>> {
      return retrieveJson(
        {
          label: 'A030',
          method: 'GET',
          url: url('/R4/PractitionerRole'),
          headers: authHeaders(auth, FHIR_JSON),
          retrySafe: true,
          log: auth.log,
        },
        (json) => {
          const roles = toPractitionerRoles(json);
          return roles.ok ? { ok: true, value: roles.roles } : roles;
        },
      );
    },

    /** A040: the clinicians a SERVICE_PROVIDER_CLINICIAN_ADMIN may act on behalf of. */
    getOnBehalfOfPractitioners(
      context: ActingContext,
    ): Promise<ErsOutcome<OnBehalfOfPractitioners>> {
      const target = url('/R4/Practitioner');
      target.searchParams.set('_query', 'onBehalfOf');
      return retrieveJson(
        {
          label: 'A040',
          method: 'GET',
          url: target,
          headers: ersHeaders(context, FHIR_JSON),
          retrySafe: true,
          log: context.log,
        },
        (json) => {
          const practitioners = toOnBehalfOfPractitioners(json);
          return practitioners.ok ? { ok: true, value: practitioners.onBehalfOf } : practitioners;
        },
      );
    },

    /** A005: a referral by UBRN; with `version`, that version (e-RS serves only the latest). */
    getReferralRequest(
      ubrn: Ubrn,
      context: ActingContext,
      version?: ReferralVersion,
    ): Promise<ErsOutcome<ReferralSummary>> {
      const path = `/STU3/ReferralRequest/${ubrn}${version ? `/_history/${version}` : ''}`;
      return retrieveJson(
        {
          label: 'A005',
          method: 'GET',
          url: url(path),
          headers: ersHeaders(context, FHIR_JSON),
          retrySafe: true,
          log: context.log,
        },
        (json) => {
          const summary = toReferralSummary(json);
          if (!summary.ok) return summary;
          // e-RS answering for another referral would show one patient's data as another's.
          return summary.summary.ubrn === ubrn
            ? { ok: true, value: summary.summary }
            : { ok: false, reason: 'ReferralRequest for another UBRN' };
        },
      );
    },

    /** A008: a worklist. A POST that only reads: safe to retry. */
    getWorklist(
      listType: WorklistType,
      context: ActingContext,
      filters: WorklistFilters = {},
    ): Promise<ErsOutcome<Worklist>> {
      return retrieveJson(
        {
          label: 'A008',
          method: 'POST',
          url: url('/STU3/ReferralRequest/$ers.fetchworklist'),
          headers: { ...ersHeaders(context, FHIR_JSON), 'Content-Type': FHIR_JSON },
          body: JSON.stringify({
            resourceType: 'Parameters',
            meta: { profile: [FETCH_WORKLIST_PROFILE] },
            parameter: [
              {
                name: 'listType',
                valueCodeableConcept: {
                  coding: [{ system: REFERRAL_LIST_SELECTOR_SYSTEM, code: listType }],
                },
              },
              ...worklistFilterParameters(filters, base),
            ],
          }),
          // A008 is a POST only because FHIR operations are; it reads, so repeating it is safe.
          retrySafe: true,
          log: context.log,
        },
        (json) => {
          const worklist = toWorklist(listType, json);
          return worklist.ok ? { ok: true, value: worklist.worklist } : worklist;
        },
      );
    },

    /** A004: a reference-data code system. */
    getReferenceData(
      codeSystem: ReferenceDataCodeSystem,
      context: ActingContext,
    ): Promise<ErsOutcome<ReferenceData>> {
      return retrieveJson(
        {
          label: 'A004',
          method: 'GET',
          url: url(`/STU3/CodeSystem/${codeSystem}`),
          headers: ersHeaders(context, FHIR_JSON),
          retrySafe: true,
          log: context.log,
        },
        (json) => {
          const data = toReferenceData(codeSystem, json);
          return data.ok ? { ok: true, value: data.referenceData } : data;
        },
      );
    },

    /** A007: the clinical information summary PDF. A POST that only reads: safe to retry. */
    async getClinicalInformation(ubrn: Ubrn, context: ActingContext): Promise<ErsOutcome<ErsFile>> {
      const result = await upstream.send({
        label: 'A007',
        method: 'POST',
        url: url(`/STU3/ReferralRequest/${ubrn}/$ers.generateCRI`),
        headers: ersHeaders(context, acceptFile('application/pdf')),
        // No body; an explicit empty one sends Content-Length: 0, which proxies insist on.
        body: '',
        // Generates a PDF of what is already recorded: nothing changes, so repeating is safe.
        retrySafe: true,
        expect: 'stream',
        rateLimited: true,
        log: context.log,
      });
      if (result.kind !== 'response' || result.status !== 200 || !result.stream) {
        return failure(result);
      }
      const requestId = header(result.headers, 'x-request-id');
      const type = header(result.headers, 'content-type') ?? '';
      if (!/^application\/pdf\s*(;|$)/i.test(type)) {
        result.stream.destroy();
        return { kind: 'invalid_response', reason: 'A007: not a PDF', requestId };
      }
      return { kind: 'ok', body: file(result, result.stream), requestId };
    },

    /**
     * A042: an attachment. e-RS answers 307 to a short-lived object-store URL, which we follow
     * at once with a request of our own carrying nothing of e-RS's (no token, no NHSD-* or
     * correlation headers): the URL is the credential. Neither e-RS nor the object store is
     * asked twice once a body has started.
     */
    async getAttachment(
      attachmentId: AttachmentId,
      context: ActingContext,
      expectedType: string,
    ): Promise<ErsOutcome<ErsFile>> {
      const redirect = await upstream.send({
        label: 'A042',
        method: 'GET',
        url: url(`/R4/Binary/${encodeURIComponent(attachmentId)}`),
        headers: ersHeaders(context, acceptFile(expectedType)),
        retrySafe: true,
        expect: 'stream',
        rateLimited: true,
        log: context.log,
      });
      if (redirect.kind !== 'response' || !REDIRECTS.has(redirect.status)) {
        if (redirect.kind === 'response' && redirect.status < 300) {
          redirect.stream?.destroy();
          return {
            kind: 'invalid_response',
            reason: `A042: ${redirect.status} instead of a redirect`,
            requestId: header(redirect.headers, 'x-request-id'),
          };
        }
        return failure(redirect);
      }
      const requestId = header(redirect.headers, 'x-request-id');
      const target = objectStoreUrl(header(redirect.headers, 'location'));
      if (typeof target === 'string') {
        return { kind: 'invalid_response', reason: `A042: ${target}`, requestId };
      }
      const download = await upstream.send({
        label: 'object-store',
        method: 'GET',
        url: target,
        headers: { Accept: '*/*' },
        // The URL is single-use and short-lived: asking again would need a new redirect.
        retrySafe: false,
        expect: 'stream',
        rateLimited: false,
        log: context.log,
      });
      switch (download.kind) {
        case 'busy':
        case 'timeout':
        case 'network':
          return { ...failure(download), requestId };
        case 'response':
          if (download.status === 200 && download.stream) {
            return { kind: 'ok', body: file(download, download.stream), requestId };
          }
          // Whatever the object store said stays here: its headers are not e-RS's.
          return {
            kind: 'upstream_error',
            status: download.status,
            requestId,
            ersCode: undefined,
            diagnostics: undefined,
          };
      }
    },

    close: () => upstream.close(),
  };
}
