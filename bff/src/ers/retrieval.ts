/**
 * One browser request's retrieval from e-RS, as the gateway runs it around a route: the e-RS
 * calls in the session's acting context with its access token (one renewal after a 401, never a
 * loop), and one audit event at the end, whether it was served, refused or failed.
 *
 * A 401 to a token just renewed is not answered "sign in again": a new sign-in would get a token
 * just like it and the same 401, and the user would go round sign-in and back for ever. The
 * renewal already showed the session is good; e-RS or APIM is refusing it, which the user is
 * told as a problem to report.
 *
 * Each call first waits for the session's share of the e-RS limit (rate-limiter.ts), so a
 * session that floods queues behind its own requests and the others keep theirs.
 */
import type { ProblemCode } from '@ers/shared/problem';
import type { AccessTokens } from '../apim/access-tokens';
import type { AuditTrail, AuditWhat, FhirInteraction } from '../audit/audit';
import { AppError } from '../http/app-error';
import type { ActingContext, ErsAuth, ErsConnection } from './connection';
import type { PdsAudit, Retrieval, RouteContext } from './operation';
import type { ErsOperationId } from './operations';
import type { Session } from '../session/session';
import type { ErsOutcome } from './outcome';
import { accessRefusedAfterRenewal, tokenRefusal } from './refusal';

export type RetrievalDeps = {
  accessTokens: AccessTokens;
  audit: AuditTrail;
  ers: Pick<ErsConnection, 'sessionShare'>;
};

/** Who asked, as every audit event of a retrieval names them (e-RS and PDS alike). */
function auditActor(session: Session) {
  return {
    sub: session.sub,
    userName: session.name,
    roleId: session.role.id,
    ...(session.actingAs
      ? { odsCode: session.actingAs.odsCode, businessFunction: session.actingAs.businessFunction }
      : {}),
  };
}

/** Which operation of the table this retrieval is, as its audit event records it. */
export type RetrievalOf = { operation: ErsOperationId; interaction: FhirInteraction };

export function startRetrieval(
  c: RouteContext,
  deps: RetrievalDeps,
  of: RetrievalOf,
): Retrieval & { finish(failure?: ProblemCode): void } {
  const what: AuditWhat = {};
  let outcome: string | undefined;
  let ersRequestId: string | undefined;
  let cached = false;

  function auth(accessToken: string | null): ErsAuth {
    return { accessToken, correlationId: c.get('correlationId'), log: c.get('log') };
  }

  function actingContext(accessToken: string | null): ActingContext {
    const { actingAs } = c.get('session');
    // The gateway establishes it before the route runs (acting-context/choices.ts).
    if (!actingAs)
      throw new AppError(403, 'acting_context_required', 'Choose how you are working first.');
    return {
      ...auth(accessToken),
      odsCode: actingAs.odsCode,
      businessFunction: actingAs.businessFunction,
      onBehalfOfUserId: actingAs.onBehalfOf?.userId,
    };
  }

  async function withinShare<T>(run: () => Promise<ErsOutcome<T>>): Promise<ErsOutcome<T>> {
    const share = await deps.ers.sessionShare(c.get('sessionId'));
    const log = c.get('log');
    if (!share.ok) {
      log.warn({ retryAfterMs: share.retryAfterMs }, "the session's share of e-RS is used up");
      return {
        kind: 'rate_limited',
        source: 'session',
        retryAfterMs: share.retryAfterMs,
        requestId: undefined,
      };
    }
    if (share.waitedMs > 0)
      log.info({ queuedMs: share.waitedMs }, "waited for the session's share");
    return run();
  }

  async function send<T>(
    run: (accessToken: string | null) => Promise<ErsOutcome<T>>,
    options: { record?: boolean },
  ): Promise<ErsOutcome<T>> {
    const session = c.get('session');
    const sessionId = c.get('sessionId');
    const token = await deps.accessTokens.current(sessionId, session);
    if (!token.ok) throw tokenRefusal(token.reason);
    let result = await withinShare(() => run(token.accessToken));
    // In the public sandbox no token is sent, so signing in again could not change a 401 either.
    let signingInCannotHelp = token.accessToken === null;
    if (result.kind === 'unauthorized' && token.accessToken !== null) {
      const renewed = await deps.accessTokens.renew(sessionId, session, token.accessToken);
      c.get('log').info({ renewed: renewed.ok }, 'e-RS refused the access token: renewing once');
      if (!renewed.ok && renewed.reason === 'unavailable') throw tokenRefusal('unavailable');
      if (renewed.ok) {
        result = await withinShare(() => run(renewed.accessToken));
        signingInCannotHelp = true;
      }
    }
    if (result.requestId) c.header('X-eRS-Request-ID', result.requestId);
    if (options.record !== false) {
      outcome = result.kind;
      if (result.requestId) ersRequestId = result.requestId;
    }
    if (result.kind === 'unauthorized' && signingInCannotHelp) {
      c.get('log').warn(
        { audit: 'ers_access_refused', ersRequestId: result.requestId },
        'e-RS refused a token that signing in again would not change',
      );
      throw accessRefusedAfterRenewal(result);
    }
    return result;
  }

  /** PDS on the same token: one renewal after a 401, and none of e-RS's share or headers. */
  async function withAccessToken<T>(
    run: (accessToken: string | null) => Promise<ErsOutcome<T>>,
  ): Promise<ErsOutcome<T>> {
    const session = c.get('session');
    const sessionId = c.get('sessionId');
    const token = await deps.accessTokens.current(sessionId, session);
    if (!token.ok) throw tokenRefusal(token.reason);
    const outcome = await run(token.accessToken);
    if (outcome.kind !== 'unauthorized' || token.accessToken === null) return outcome;
    const renewed = await deps.accessTokens.renew(sessionId, session, token.accessToken);
    c.get('log').info({ renewed: renewed.ok }, 'PDS refused the access token: renewing once');
    if (!renewed.ok) throw tokenRefusal(renewed.reason);
    return run(renewed.accessToken);
  }

  function auditPds(event: PdsAudit) {
    const session = c.get('session');
    deps.audit.pdsRetrieval({
      operation: 'GET /Patient',
      interaction: 'read',
      ...((event.ubrn ?? what.ubrn) ? { ubrn: event.ubrn ?? what.ubrn } : {}),
      ...auditActor(session),
      outcome: event.outcome,
      result: event.problemCode ? 'failure' : 'success',
      ...(event.problemCode ? { problemCode: event.problemCode } : {}),
      ...(event.cached ? { cached: true } : {}),
      correlationId: c.get('correlationId'),
      ...(event.pdsRequestId ? { pdsRequestId: event.pdsRequestId } : {}),
    });
  }

  return {
    what,
    withAccessToken,
    auditPds,

    call: (run, options = {}) => send((token) => run(actingContext(token)), options),
    callWithToken: (run, options = {}) => send((token) => run(auth(token)), options),

    servedFromCache(kind) {
      cached = true;
      if (kind) outcome = kind;
    },

    finish(failure) {
      const session = c.get('session');
      const onBehalfOf = session.actingAs?.onBehalfOf?.userId;
      deps.audit.retrieval({
        operation: of.operation,
        interaction: of.interaction,
        ...what,
        ...auditActor(session),
        ...(onBehalfOf ? { onBehalfOfUserId: onBehalfOf } : {}),
        outcome: outcome ?? (failure ? 'refused' : 'ok'),
        result: failure ? 'failure' : 'success',
        ...(failure ? { problemCode: failure } : {}),
        ...(cached ? { cached: true } : {}),
        correlationId: c.get('correlationId'),
        ...(ersRequestId ? { ersRequestId } : {}),
      });
    },
  };
}
