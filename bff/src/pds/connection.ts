/**
 * The Personal Demographics Service (PDS FHIR R4) `GET /Patient/{nhsNumber}`: the patient banner's
 * one call, on the same APIM platform and with the same exchanged access token as e-RS (PDS's
 * "healthcare worker" access mode accepts CIS2 separate authentication). The transport is e-RS's
 * (ers/upstream.ts): keep-alive pool, timeouts, retries after 429 and 503 within an
 * application-wide limit of PDS's own (its default is 5 requests/s per application).
 *
 * Headers, as PDS's specification asks (`components.parameters` of personal-demographics.yaml):
 * - `X-Request-ID`: a new UUID per request; the retries after a 429 or 503 in upstream.ts resend
 *   the same headers, so the same id (PDS de-duplicates on it); a new request gets a new one.
 * - `X-Correlation-ID`: ours. APIM joins it to Spine's with dots, so one with a dot is not sent.
 * - `NHSD-Session-URID`: the CIS2 role the user signed in with, always: a user with several roles
 *   and no header is refused, and a wrong role is refused loudly (400) rather than guessed.
 * - `NHSD-End-User-Organisation-ODS`: the acting organisation (the BFF serves many).
 *
 * The NHS number is in the path only; it is never logged (the upstream log names the call, not
 * its URL) and the Patient body is mapped to the banner without being kept or logged.
 */
import { randomUUID } from 'node:crypto';
import { toPatientBanner, type PatientBanner } from '@ers/shared/patient';
import type { Logger } from '../logging/logger';
import { failureOf, type ErsOutcome } from '../ers/outcome';
import { createUpstream, header, type UpstreamOptions } from '../ers/upstream';

export const FHIR_JSON = 'application/fhir+json';

/** What PDS is asked in whose name: the session's token, role and acting organisation. */
export type PdsRequestContext = {
  /** The APIM access token; null in the public sandbox, which takes none. */
  accessToken: string | null;
  correlationId: string;
  /** The CIS2 role id (`selected_roleid`) the user signed in with. */
  roleId: string;
  odsCode: string;
  log?: Logger | undefined;
};

/** As e-RS's upstream (one application-wide limiter, no per-session share), plus PDS's own. */
export type PdsConnectionOptions = Omit<UpstreamOptions, 'sessionLimiter'> & {
  /** PDS FHIR base, e.g. https://int.api.service.nhs.uk/personal-demographics/FHIR/R4 */
  baseUrl: string;
  /** A new X-Request-ID per request (tests fix it). */
  requestId?: (() => string) | undefined;
};

/** PDS answers within seconds; a clinician is waiting for the banner, not the referral. */
export const PDS_TIMEOUT_MS = 10_000;

export function pdsHeaders(context: PdsRequestContext, requestId: string): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: FHIR_JSON,
    'X-Request-ID': requestId,
    'NHSD-Session-URID': context.roleId,
    'NHSD-End-User-Organisation-ODS': context.odsCode,
  };
  if (!context.correlationId.includes('.')) headers['X-Correlation-ID'] = context.correlationId;
  if (context.accessToken) headers.Authorization = `Bearer ${context.accessToken}`;
  return headers;
}

export type PdsConnection = ReturnType<typeof createPdsConnection>;

export function createPdsConnection(options: PdsConnectionOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const newRequestId = options.requestId ?? randomUUID;
  const upstream = createUpstream({
    ...options,
    service: 'PDS',
    timeouts: { jsonMs: PDS_TIMEOUT_MS, ...options.timeouts },
  });

  return {
    baseUrl: base,

    /**
     * The patient with `nhsNumber` (already Modulus 11 checked), as the banner. A 200 whose
     * body is not a Patient for that number, or its successor, is `invalid_response`.
     */
    async retrievePatient(
      context: PdsRequestContext,
      nhsNumber: string,
    ): Promise<ErsOutcome<PatientBanner>> {
      const requestId = newRequestId();
      const result = await upstream.send({
        label: 'PDS GET Patient',
        method: 'GET',
        url: new URL(`${base}/Patient/${nhsNumber}`),
        headers: pdsHeaders(context, requestId),
        expect: 'json',
        rateLimited: true,
        retrySafe: true,
        log: context.log,
      });
      if (result.kind !== 'response' || result.status !== 200) return failureOf(result, now());
      const echoed = header(result.headers, 'x-request-id') ?? requestId;
      if (result.unreadable || result.json === undefined) {
        return { kind: 'invalid_response', reason: 'PDS: body is not JSON', requestId: echoed };
      }
      const today = new Date(now()).toISOString().slice(0, 10);
      const banner = toPatientBanner(result.json, nhsNumber, today);
      if (!banner.ok) {
        return { kind: 'invalid_response', reason: `PDS: ${banner.reason}`, requestId: echoed };
      }
      return { kind: 'ok', body: banner.patient, requestId: echoed };
    },

    close: () => upstream.close(),
  };
}
