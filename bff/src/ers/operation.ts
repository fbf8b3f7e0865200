/**
 * The shape of one e-RS operation module (`operations/<id>-<name>/`): the operation's id and
 * FHIR interaction as the e-RS API specification gives them, and the BFF routes that serve it.
 * Each route parses its parameters, applies its access rule, makes its request (`request.ts`
 * beside it) through `retrieval.call`, and maps that operation's own failures. Everything every
 * route shares (session, access token, renewal after a 401, the audit event, 405s) is done
 * around it by the gateway, from the table in `operations.ts`.
 */
import type { Context } from 'hono';
import type { ApiRouteName } from '@ers/shared/bff-contract';
import type { AuditWhat, FhirInteraction } from '../audit/audit';
import type { SessionEnv } from '../session/session-env';
import type { SessionManager } from '../session/session-manager';
import type { PatientBanner } from '@ers/shared/patient';
import type { ProblemCode } from '@ers/shared/problem';
import type { Logger } from '../logging/logger';
import type { AttachmentIndex, ReferenceDataCache } from './caches';
import type { PatientCache } from './patient-cache';
import type { ActingContext, ErsAuth, ErsConnection } from './connection';
import type { ErsOutcome } from './outcome';

export type RouteContext = Context<SessionEnv>;

/** One browser request's retrieval: what it asked for, and its e-RS calls. */
export type Retrieval = {
  /** What was asked for, filled in as the route parses it: it goes in the audit event. */
  readonly what: AuditWhat;
  /**
   * Calls e-RS in the session's acting context with its access token; a 401 gets exactly one
   * renewal and one retry. The outcome and e-RS's request id go in the audit event unless
   * `record` is false (a call made on the way, not the one this retrieval is about).
   */
  call<T>(
    run: (context: ActingContext) => Promise<ErsOutcome<T>>,
    options?: { record?: boolean },
  ): Promise<ErsOutcome<T>>;
  /** The same with the token alone, for A030: how the acting context is found. */
  callWithToken<T>(
    run: (auth: ErsAuth) => Promise<ErsOutcome<T>>,
    options?: { record?: boolean },
  ): Promise<ErsOutcome<T>>;
  /** The answer came from the BFF's memory, not e-RS: the audit event says so. */
  servedFromCache(outcome?: string): void;
  /**
   * Another NHS API behind the same APIM token (PDS): the session's token and one renewal after
   * a 401, without e-RS's per-session share. A 401 it returns is to a token just renewed (or to
   * none, in the sandbox): a refusal to report, not a reason to sign in again.
   */
  withAccessToken<T>(
    run: (accessToken: string | null) => Promise<ErsOutcome<T>>,
  ): Promise<ErsOutcome<T>>;
  /** The `pds_retrieval` audit event of this request's PDS retrieval (or why none was made). */
  auditPds(event: PdsAudit): void;
};

export type PdsAudit = {
  /** The referral the patient was looked up for, when not the request's own (a worklist row). */
  ubrn?: string;
  /** `ok`, a PDS outcome kind, or what the BFF decided without asking (`invalid_nhs_number`). */
  outcome: string;
  problemCode?: ProblemCode | undefined;
  cached?: boolean;
  pdsRequestId?: string | undefined;
};

/**
 * PDS as the patient route uses it (pds/connection.ts implements it; the gateway does not
 * import PDS, server.ts composes them). Null where no PDS base URL is configured.
 */
export type PatientSource = {
  retrievePatient(
    context: {
      accessToken: string | null;
      correlationId: string;
      roleId: string;
      odsCode: string;
      log?: Logger | undefined;
    },
    nhsNumber: string,
  ): Promise<ErsOutcome<PatientBanner>>;
};

/** What routes are given besides the request. */
export type GatewayServices = {
  ers: ErsConnection;
  /** To keep the A030 answer and the chosen acting context in the session. */
  sessions: SessionManager;
  referenceData: ReferenceDataCache;
  attachments: AttachmentIndex;
  /** PDS for the patient banner, and what this process remembers of it (patient-cache.ts). */
  pds: PatientSource | null;
  patients: PatientCache;
  /** Where the public PDS sandbox answers: its "not found" is expected, and said so. */
  pdsIsSandbox: boolean;
};

export type ErsRoute = {
  /** The path, from the contract's route table. */
  route: ApiRouteName;
  method: 'GET' | 'PUT';
  /**
   * The gateway establishes the acting context (a pair A030 lists) before every route, except
   * the routes that set it up themselves: choosing it, and listing whom an SPC admin may act for.
   */
  establishesActingContext?: true;
  /** When this route is another interaction than the operation's (a versioned read). */
  interaction?: FhirInteraction;
  handle(c: RouteContext, retrieval: Retrieval, services: GatewayServices): Promise<Response>;
};

export type ErsOperation = {
  /** The operation's number in the e-RS API specification. */
  id: `A${number}`;
  /** Its `operationId` there (the contract test finds it in the specification). */
  operationId: string;
  interaction: FhirInteraction;
  routes: readonly ErsRoute[];
};

/** Keeps the literal id and route names, so the table's types are exact. */
export function defineOperation<const Operation extends ErsOperation>(
  operation: Operation,
): Operation {
  return operation;
}
