/**
 * Spans for the BFF, through `@opentelemetry/api` only: with OTEL_ENABLED unset no SDK is
 * registered, the API hands out non-recording spans and a span costs a function call. The SDK is
 * started by the composition root (sdk.ts, from server.ts) and nowhere else.
 *
 * What a span may carry is decided here, once: the names in `ATTR` and values the BFF chose
 * (route templates, operation ids, status codes, error class names, our correlation id). Never a
 * URL, a header, a request or response body, an error message, a token, an authorisation code,
 * a cookie, a UBRN or an NHS number: NHS identifiers travel in e-RS and PDS paths, and error
 * messages can quote what a server sent.
 */
import {
  context,
  createContextKey,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';

export const INSTRUMENTATION_SCOPE = '@ers/bff';

/** Every attribute name the BFF sets (semantic conventions where one fits). */
export const ATTR = {
  method: 'http.request.method',
  route: 'http.route',
  status: 'http.response.status_code',
  errorType: 'error.type',
  serverAddress: 'server.address',
  correlationId: 'bff.correlation_id',
  problemCode: 'bff.problem.code',
  /** CIS2, APIM, e-RS, PDS or object-store. */
  service: 'bff.upstream.service',
  /** The e-RS operation id (A005...), or the call's name for the others (token, userinfo...). */
  operation: 'bff.upstream.operation',
  attempts: 'bff.upstream.attempts',
  queuedMs: 'bff.rate_limit.queued_ms',
} as const;

export type UpstreamService = 'CIS2' | 'APIM' | 'e-RS' | 'PDS' | 'object-store';

const CORRELATION_ID = createContextKey('@ers/bff correlation id');
const UPSTREAM_CALL = createContextKey('@ers/bff upstream call');

export type UpstreamCall = { service: UpstreamService; operation: string };

export const tracer = () => trace.getTracer(INSTRUMENTATION_SCOPE);

/** Runs `work` in a context that names the request's correlation id, for the spans below it. */
export function withCorrelationId<T>(id: string, work: () => T): T {
  return context.with(context.active().setValue(CORRELATION_ID, id), work);
}

function activeCorrelationId(): string | undefined {
  const id = context.active().getValue(CORRELATION_ID);
  return typeof id === 'string' ? id : undefined;
}

/** The call traceUpstream is making (for the HTTP exchanges inside it), if any. */
export function activeUpstreamCall(): UpstreamCall | undefined {
  return context.active().getValue(UPSTREAM_CALL) as UpstreamCall | undefined;
}

/** The class of an error, never its message (which may quote a token or a response body). */
export function errorTypeOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/**
 * One outbound call as a client span, a child of the request's span. `work` adds the outcome
 * (status code, error type) through the span; a throw marks the span as an error by class.
 */
export function traceUpstream<T>(
  service: UpstreamService,
  operation: string,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const correlationId = activeCorrelationId();
  return tracer().startActiveSpan(
    operation.startsWith(service) ? operation : `${service} ${operation}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR.service]: service,
        [ATTR.operation]: operation,
        ...(correlationId ? { [ATTR.correlationId]: correlationId } : {}),
      },
    },
    async (span) => {
      const call: UpstreamCall = { service, operation };
      try {
        return await context.with(context.active().setValue(UPSTREAM_CALL, call), () => work(span));
      } catch (error) {
        span.setAttribute(ATTR.errorType, errorTypeOf(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** No answer at all: `kind` is ours (timeout, network, busy), never the error's message. */
export function recordFailure(span: Span, kind: string): void {
  span.setAttribute(ATTR.errorType, kind);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** An HTTP answer on a client span: 4xx and 5xx are errors there (semantic conventions). */
export function recordStatus(span: Span, status: number): void {
  span.setAttribute(ATTR.status, status);
  if (status >= 400) {
    span.setAttribute(ATTR.errorType, String(status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}
