/**
 * e-RS FHIR API client. Every call carries the acting context as NHS asks (ODS code and business
 * function headers, on-behalf-of only for SPCA) and a fresh X-Correlation-ID; e-RS answers with
 * its transaction id in X-Request-ID. Outcomes are values, one per case the caller handles.
 */
import { z } from 'zod';
import type { BusinessFunction } from '@ers/shared/bff-contract';
import type { Ubrn } from '@ers/shared/ubrn';

export type ActingContext = {
  /** Absent only for the public sandbox, which takes no token. */
  accessToken: string | null;
  odsCode: string;
  businessFunction: BusinessFunction;
  onBehalfOfUserId?: string;
};

export type ErsOutcome<T> =
  | { kind: 'ok'; body: T; requestId: string | undefined }
  | { kind: 'not_found'; requestId: string | undefined; diagnostics: string | undefined }
  | { kind: 'unauthorized'; requestId: string | undefined; diagnostics: string | undefined }
  | { kind: 'forbidden'; requestId: string | undefined; diagnostics: string | undefined }
  | { kind: 'rate_limited'; requestId: string | undefined; retryAfter: string | undefined }
  | { kind: 'upstream_error'; status: number; requestId: string | undefined }
  | { kind: 'unavailable'; cause: unknown };

const OperationOutcomeSchema = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z
    .array(
      z
        .object({
          code: z.string().optional(),
          diagnostics: z.string().optional(),
          details: z
            .object({ coding: z.array(z.object({ code: z.string().optional() })).optional() })
            .optional(),
        })
        .loose(),
    )
    .default([]),
});

function diagnosticsOf(body: unknown): string | undefined {
  const outcome = OperationOutcomeSchema.safeParse(body);
  if (!outcome.success) return undefined;
  const issue = outcome.data.issue[0];
  return issue?.diagnostics ?? issue?.details?.coding?.[0]?.code;
}

export type ErsClientOptions = {
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs?: number;
};

export type ErsClient = ReturnType<typeof createErsClient>;

export function createErsClient(options: ErsClientOptions) {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const base = options.baseUrl.replace(/\/$/, '');

  function headersFor(context: ActingContext, correlationId: string): Headers {
    const headers = new Headers({
      accept: 'application/fhir+json',
      'NHSD-End-User-Organisation-ODS': context.odsCode,
      'NHSD-eRS-Business-Function': context.businessFunction,
      'X-Correlation-ID': correlationId,
    });
    if (context.accessToken) headers.set('authorization', `Bearer ${context.accessToken}`);
    if (
      context.businessFunction === 'SERVICE_PROVIDER_CLINICIAN_ADMIN' &&
      context.onBehalfOfUserId
    ) {
      headers.set('NHSD-eRS-On-Behalf-Of-User-ID', context.onBehalfOfUserId);
    }
    return headers;
  }

  async function getJson(path: string, context: ActingContext, correlationId: string) {
    let response: Response;
    try {
      response = await options.fetch(`${base}${path}`, {
        headers: headersFor(context, correlationId),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      return { kind: 'unavailable', cause } as const;
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const body: unknown = await response.json().catch(() => undefined);
    switch (response.status) {
      case 200:
        return { kind: 'ok', body, requestId } as const;
      case 401:
        return { kind: 'unauthorized', requestId, diagnostics: diagnosticsOf(body) } as const;
      case 403:
        return { kind: 'forbidden', requestId, diagnostics: diagnosticsOf(body) } as const;
      case 404:
        return { kind: 'not_found', requestId, diagnostics: diagnosticsOf(body) } as const;
      case 429:
        return {
          kind: 'rate_limited',
          requestId,
          retryAfter: response.headers.get('retry-after') ?? undefined,
        } as const;
      default:
        return { kind: 'upstream_error', status: response.status, requestId } as const;
    }
  }

  return {
    /** A005: retrieve a referral request by UBRN. */
    getReferralRequest(
      ubrn: Ubrn,
      context: ActingContext,
      correlationId: string,
    ): Promise<ErsOutcome<unknown>> {
      return getJson(`/STU3/ReferralRequest/${ubrn}`, context, correlationId);
    },
  };
}
