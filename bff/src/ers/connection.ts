/**
 * The BFF's connection to the e-RS FHIR API: the base URL, the keep-alive pool, the shared rate
 * limit, timeouts and retries (upstream.ts), and the two shapes of answer every operation gets
 * back: a JSON body mapped to its view model, or a file streamed on unread.
 *
 * Headers are built here from scratch for each call, so nothing of the browser's request
 * (cookies, hop-by-hop, X-Forwarded-*) can reach e-RS. Every call carries the request's
 * X-Correlation-ID; e-RS answers with its transaction id in X-Request-ID.
 */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { BusinessFunction } from '@ers/shared/bff-contract';
import type { Logger } from '../logging/logger';
import { createObjectStoreAgent, type ObjectStorePolicy } from './object-store';
import { failureOf, type ErsOutcome } from './outcome';
import type { KeyedRateLimiter, RateLimiter } from './rate-limiter';
import type { RetryPolicy } from './retry';
import {
  createUpstream,
  header,
  type UpstreamRequest,
  type UpstreamResult,
  type UpstreamTimeouts,
} from './upstream';

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

/** A file on its way to the browser, unread. */
export type ErsFile = {
  stream: ReadableStream<Uint8Array>;
  /** As the upstream sent it; the route decides what the browser is told. */
  contentType: string | undefined;
  contentLength: number | undefined;
};

export const FHIR_JSON = 'application/fhir+json';

/** For binaries: the file's type first, an OperationOutcome if e-RS refuses. */
export const acceptFile = (type: string) => `${type}, ${FHIR_JSON};q=0.9`;

/** A030 takes the token only: it is how the acting context is found in the first place. */
export function authHeaders(auth: ErsAuth, accept: string): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: accept,
    'X-Correlation-ID': auth.correlationId,
  };
  if (auth.accessToken) headers.Authorization = `Bearer ${auth.accessToken}`;
  return headers;
}

/**
 * Every other operation: the acting context as NHS asks for it, the ODS code and business
 * function headers, and on-behalf-of exactly when the function is SERVICE_PROVIDER_CLINICIAN_ADMIN.
 */
export function actingContextHeaders(
  context: ActingContext,
  accept: string,
): Record<string, string> {
  const headers = {
    ...authHeaders(context, accept),
    'NHSD-End-User-Organisation-ODS': context.odsCode,
    'NHSD-eRS-Business-Function': context.businessFunction,
  };
  return context.businessFunction === 'SERVICE_PROVIDER_CLINICIAN_ADMIN' && context.onBehalfOfUserId
    ? { ...headers, 'NHSD-eRS-On-Behalf-Of-User-ID': context.onBehalfOfUserId }
    : headers;
}

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

export type ErsConnectionOptions = {
  /** e-RS FHIR base, e.g. https://int.api.service.nhs.uk/referrals/FHIR */
  baseUrl: string;
  /** Keep-alive pool; tests pass a MockAgent. One of our own when absent. */
  dispatcher?: Dispatcher | undefined;
  /** The shared e-RS rate limit (see rate-limiter.ts). None: unlimited (tests only). */
  limiter?: RateLimiter | undefined;
  /** Each session's share of it (see retrieval.ts). None: no per-session share (tests only). */
  sessionLimiter?: KeyedRateLimiter | undefined;
  maxQueueMs?: number | undefined;
  /** Where A042 may send us for the file (object-store.ts). */
  objectStore: ObjectStorePolicy;
  /**
   * The object store's pool. By default `dispatcher` when a test gives one (a MockAgent answers
   * for both), otherwise a pool of its own that connects only where the policy allows.
   */
  objectStoreDispatcher?: Dispatcher | undefined;
  timeouts?: Partial<UpstreamTimeouts> | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  sleep?: ((ms: number) => Promise<unknown>) | undefined;
  random?: (() => number) | undefined;
  now?: (() => number) | undefined;
};

/** One e-RS request as an operation describes it; the path is below the FHIR base. */
export type ErsRequest = Omit<UpstreamRequest, 'url' | 'expect' | 'rateLimited'> & {
  path: string;
};

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

export type ErsConnection = ReturnType<typeof createErsConnection>;

export function createErsConnection(options: ErsConnectionOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const upstream = createUpstream(options);
  const ownObjectStoreAgent =
    options.objectStoreDispatcher || options.dispatcher
      ? undefined
      : createObjectStoreAgent(options.objectStore);
  // Not rate-limited (the object store is not e-RS), never retried (its URL is single-use).
  const objectStore = createUpstream({
    ...options,
    service: 'object-store',
    limiter: undefined,
    dispatcher: options.objectStoreDispatcher ?? options.dispatcher ?? ownObjectStoreAgent,
  });

  function fileOf(result: UpstreamResult & { kind: 'response' }, stream: Readable): ErsFile {
    const length = Number(header(result.headers, 'content-length'));
    return {
      stream: toWebStream(stream),
      contentType: header(result.headers, 'content-type'),
      contentLength: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
    };
  }

  return {
    /** The FHIR base, without a trailing slash (some e-RS codings name their system under it). */
    baseUrl: base,
    objectStorePolicy: options.objectStore,
    now,

    /** One JSON retrieval: 200 and a body `map` accepts, or a failure. */
    async retrieveJson<T>(
      request: ErsRequest,
      map: (json: unknown) => Mapped<T>,
    ): Promise<ErsOutcome<T>> {
      const result = await upstream.send({
        ...request,
        url: new URL(`${base}${request.path}`),
        expect: 'json',
        rateLimited: true,
      });
      if (result.kind !== 'response' || result.status !== 200) {
        if (result.kind === 'response') result.stream?.destroy();
        return failureOf(result, now());
      }
      const requestId = header(result.headers, 'x-request-id');
      if (result.unreadable || result.json === undefined) {
        return {
          kind: 'invalid_response',
          reason: `${request.label}: body is not JSON`,
          requestId,
        };
      }
      const mapped = map(result.json);
      if (!mapped.ok) {
        return {
          kind: 'invalid_response',
          reason: `${request.label}: ${mapped.reason}`,
          requestId,
        };
      }
      return { kind: 'ok', body: mapped.value, requestId };
    },

    /**
     * One e-RS exchange whose 2xx body is handed over unread (a file, or a redirect to one).
     * The caller must consume or destroy a stream it is given.
     */
    sendForStream(request: ErsRequest): Promise<UpstreamResult> {
      return upstream.send({
        ...request,
        url: new URL(`${base}${request.path}`),
        expect: 'stream',
        rateLimited: true,
      });
    },

    /** The object store A042 redirected to, once its URL passed the policy. */
    sendToObjectStore(
      request: Omit<UpstreamRequest, 'rateLimited' | 'retrySafe'>,
    ): Promise<UpstreamResult> {
      return objectStore.send({ ...request, rateLimited: false, retrySafe: false });
    },

    /** Waits for one session's share of the e-RS limit (`key` names the session). */
    sessionShare: (key: string) => upstream.sessionShare(key),
    failureOf: (result: UpstreamResult) => failureOf(result, now()),
    fileOf,
    async close() {
      await upstream.close();
      await ownObjectStoreAgent?.close();
    },
  };
}
