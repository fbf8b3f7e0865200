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
import type { AttachmentIndex, ReferenceDataCache } from './caches';
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
};

/** What routes are given besides the request. */
export type GatewayServices = {
  ers: ErsConnection;
  /** To keep the A030 answer and the chosen acting context in the session. */
  sessions: SessionManager;
  referenceData: ReferenceDataCache;
  attachments: AttachmentIndex;
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
