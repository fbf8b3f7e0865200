/**
 * The e-RS gateway: an explicit allowlist of retrieval operations, each its own GET route that
 * validates its input and checks the acting context before any upstream call, and answers with
 * a view model (or a file), never raw upstream data. Every other path under /api/ is a 404 and
 * every other method a 405, neither reaching e-RS (BFF-STANDARDS B16).
 *
 *   GET /api/referrals/{ubrn}                        A005  ReferralSummary
 *   GET /api/referrals/{ubrn}/versions/{version}     A005  ReferralSummary (`_history/{version}`)
 *   GET /api/referrals/{ubrn}/attachments/{id}       A042  the file (clinical roles only)
 *   GET /api/referrals/{ubrn}/clinical-information   A007  the PDF (clinical roles only)
 *   GET /api/worklists/{listType}?filters            A008  Worklist (worklist-filters.ts)
 *   GET /api/reference-data/{codeSystem}             A004  ReferenceData (cached, all users)
 *   GET /api/on-behalf-of                            A040  OnBehalfOfPractitioners (SPCA only)
 *
 * A030 (the user's acting contexts) is a client method for sign-in and the acting-context
 * routes, not a route here.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { CLINICAL_BUSINESS_FUNCTIONS, type BusinessFunction } from '@ers/shared/bff-contract';
import type { ProblemCode } from '@ers/shared/problem';
import { ReferenceDataCodeSystemSchema } from '@ers/shared/reference-data';
import type { ReferralSummary } from '@ers/shared/referral-summary';
import { parseUbrn, type Ubrn } from '@ers/shared/ubrn';
import {
  WORKLIST_BUSINESS_FUNCTIONS,
  WORKLIST_LABELS,
  WorklistTypeSchema,
} from '@ers/shared/worklist';
import { parseWorklistFilters } from '@ers/shared/worklist-filters';
import {
  ChooseActingContextSchema,
  apiPaths,
  type ActingContextChoices,
} from '@ers/shared/bff-contract';
import type { PractitionerRoles } from '@ers/shared/practitioners';
import type { AccessTokens } from '../apim/access-tokens';
import type { Session } from '../session/session';
import type { SessionManager } from '../session/session-manager';
import type { AuditTrail, AuditWhat } from '../audit/audit';
import { AppError } from '../http/app-error';
import type { AppEnv } from '../http/app-env';
import {
  createAttachmentIndex,
  createReferenceDataCache,
  type AttachmentIndex,
  type ReferenceDataCache,
} from './caches';
import {
  parseAttachmentId,
  parseReferralVersion,
  type ActingContext,
  type ErsClient,
  type ErsFailure,
  type ErsOperationId,
  type ErsOutcome,
} from './ers-client';
import { fileHeaders, sanitiseFilename, servedContentType } from './file-response';
import { MAX_RETRY_AFTER_REPORTED_MS } from './retry';

type Ctx = Context<AppEnv>;

/** The allowlist. Nothing else under /api/ reaches e-RS. */
export const ERS_ROUTES = {
  referral: '/api/referrals/:ubrn',
  referralVersion: '/api/referrals/:ubrn/versions/:version',
  attachment: '/api/referrals/:ubrn/attachments/:attachmentId',
  clinicalInformation: '/api/referrals/:ubrn/clinical-information',
  worklist: '/api/worklists/:listType',
  referenceData: '/api/reference-data/:codeSystem',
  onBehalfOf: '/api/on-behalf-of',
} as const;

/** A004's pre-requisites: the four clinical functions. */
const REFERENCE_DATA_BUSINESS_FUNCTIONS: readonly BusinessFunction[] = CLINICAL_BUSINESS_FUNCTIONS;
const SPCA: BusinessFunction = 'SERVICE_PROVIDER_CLINICIAN_ADMIN';

export type ErsRoutesDeps = {
  ers: ErsClient;
  /** To keep the A030 answer and the chosen acting context in the session. */
  sessions: SessionManager;
  accessTokens: AccessTokens;
  audit: AuditTrail;
  now?: () => number;
  referenceData?: ReferenceDataCache;
  attachments?: AttachmentIndex;
};

/** What one retrieval did, for its audit event. */
type Retrieval = {
  operation: ErsOperationId;
  what: AuditWhat;
  outcome?: string;
  ersRequestId?: string;
  cached?: boolean;
};

type NotFound = { code: ProblemCode; detail: string };

const REFERRAL_NOT_FOUND: NotFound = {
  code: 'referral_not_found',
  detail: 'No referral was found with that UBRN.',
};
const ATTACHMENT_NOT_FOUND: NotFound = {
  code: 'attachment_not_found',
  detail: 'This referral has no attachment with that id.',
};

const ATTACHMENT_UNAVAILABLE: Record<string, string> = {
  PENDING: 'This file is still being checked for viruses. Try again in 5 minutes.',
  THREATS_FOUND:
    'This file was quarantined because a threat was found in it. Contact the organisation that attached it.',
  VALIDATION_FAILED:
    'This file failed e-RS checks and cannot be opened. Contact the organisation that attached it.',
};

const retryAfterSeconds = (ms: number | undefined) =>
  ms === undefined ? undefined : Math.ceil(Math.min(ms, MAX_RETRY_AFTER_REPORTED_MS) / 1000);

/**
 * Every failure as the problem the SPA understands. What e-RS said (its code, its request id)
 * travels with it; its diagnostics text does not (it may name a patient), nor ever a URL.
 */
function refusal(
  outcome: ErsFailure,
  notFound: NotFound | undefined,
  unprocessable?: (outcome: ErsFailure & { kind: 'unprocessable' }) => AppError,
): AppError {
  const ersCode = 'ersCode' in outcome ? outcome.ersCode : undefined;
  const cause = {
    kind: outcome.kind,
    ...(ersCode ? { ersCode } : {}),
    ...('status' in outcome ? { status: outcome.status } : {}),
    ...('reason' in outcome ? { reason: outcome.reason } : {}),
    ...('source' in outcome ? { source: outcome.source } : {}),
  };
  const options = { cause, ersRequestId: outcome.requestId, ersCode };
  switch (outcome.kind) {
    case 'not_found':
      return notFound
        ? new AppError(404, notFound.code, notFound.detail, options)
        : new AppError(
            502,
            'upstream_unavailable',
            'e-RS could not answer. Try again later.',
            options,
          );
    case 'unauthorized':
      return new AppError(
        401,
        'sign_in_again',
        'Your access to e-RS has ended. Sign in again.',
        options,
      );
    case 'forbidden':
      return new AppError(
        403,
        'no_access',
        'You do not have access to this in the organisation and role you are working in.',
        options,
      );
    case 'no_relationship':
      return new AppError(
        403,
        'no_relationship',
        'e-RS says you have no legitimate relationship with this referral in the organisation and role you are working in.',
        options,
      );
    case 'unprocessable':
      return (
        unprocessable?.(outcome) ??
        new AppError(
          422,
          'referral_unprocessable',
          'e-RS cannot show this referral. Do not try again; contact the e-RS service desk if you need it.',
          options,
        )
      );
    case 'rate_limited':
      return new AppError(503, 'service_busy', 'e-RS is busy. Try again in a few seconds.', {
        ...options,
        retryAfterSeconds: retryAfterSeconds(outcome.retryAfterMs ?? 1000),
      });
    case 'unavailable':
      return outcome.reason === 'timeout'
        ? new AppError(504, 'upstream_timeout', 'e-RS did not answer in time. Try again.', options)
        : new AppError(503, 'upstream_unavailable', 'e-RS could not be reached. Try again later.', {
            ...options,
            retryAfterSeconds: retryAfterSeconds(outcome.retryAfterMs),
          });
    case 'upstream_error':
      return new AppError(
        502,
        'upstream_unavailable',
        'e-RS could not answer. Try again later.',
        options,
      );
    case 'invalid_response':
      return new AppError(
        502,
        'upstream_invalid_response',
        'e-RS sent a response we could not read.',
        options,
      );
  }
}

/** The allowlisted paths answer GET only; HEAD too would fetch a whole file to throw it away. */
const onlyGet: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== 'GET') {
    c.header('Allow', 'GET');
    throw new AppError(405, 'method_not_allowed', 'This address can only be read (GET).');
  }
  await next();
};

function ubrnParam(c: Ctx): Ubrn {
  const parsed = parseUbrn(c.req.param('ubrn') ?? '');
  if (!parsed.ok) throw new AppError(400, 'invalid_ubrn', parsed.message);
  return parsed.ubrn;
}

function requireBusinessFunction(
  c: Ctx,
  allowed: readonly BusinessFunction[],
  detail: string,
): void {
  if (!allowed.includes(c.get('session').actingAs.businessFunction)) {
    throw new AppError(403, 'no_access', detail);
  }
}

const requireClinicalRole = (c: Ctx) =>
  requireBusinessFunction(
    c,
    CLINICAL_BUSINESS_FUNCTIONS,
    'Clinical information and attachments are not available in the role you are working in.',
  );

/** e-RS: a SERVICE_PROVIDER_CLINICIAN_ADMIN always acts on behalf of a clinician. */
function requireOnBehalfOf(c: Ctx): void {
  const { actingAs } = c.get('session');
  if (actingAs.businessFunction === SPCA && !actingAs.onBehalfOf) {
    throw new AppError(
      403,
      'on_behalf_of_required',
      'Choose the clinician you are working on behalf of first.',
    );
  }
}

export function ersRoutes(deps: ErsRoutesDeps) {
  const now = deps.now ?? Date.now;
  const referenceData = deps.referenceData ?? createReferenceDataCache({ now });
  const attachmentIndex = deps.attachments ?? createAttachmentIndex({ now });
  const app = new Hono<AppEnv>();

  for (const path of Object.values(ERS_ROUTES)) app.use(path, onlyGet);

  function actingContext(c: Ctx, accessToken: string | null): ActingContext {
    const { actingAs } = c.get('session');
    return {
      accessToken,
      correlationId: c.get('correlationId'),
      log: c.get('log'),
      odsCode: actingAs.odsCode,
      businessFunction: actingAs.businessFunction,
      onBehalfOfUserId: actingAs.onBehalfOf?.userId,
    };
  }

  /**
   * Runs an e-RS call with the session's access token. A 401 from e-RS gets exactly one
   * renewal and one retry; a second 401 is the answer (no loop).
   */
  async function call<T>(
    c: Ctx,
    record: Retrieval,
    run: (context: ActingContext) => Promise<ErsOutcome<T>>,
  ): Promise<ErsOutcome<T>> {
    const session = c.get('session');
    const sessionId = c.get('sessionId');
    const token = await deps.accessTokens.current(sessionId, session);
    if (!token.ok) throw tokenRefusal(token.reason);
    let outcome = await run(actingContext(c, token.accessToken));
    if (outcome.kind === 'unauthorized' && token.accessToken !== null) {
      const renewed = await deps.accessTokens.renew(sessionId, session, token.accessToken);
      c.get('log').info({ renewed: renewed.ok }, 'e-RS refused the access token: renewing once');
      if (!renewed.ok && renewed.reason === 'unavailable') throw tokenRefusal('unavailable');
      if (renewed.ok) outcome = await run(actingContext(c, renewed.accessToken));
    }
    record.outcome = outcome.kind;
    if (outcome.requestId) {
      record.ersRequestId = outcome.requestId;
      c.header('X-eRS-Request-ID', outcome.requestId);
    }
    return outcome;
  }

  function tokenRefusal(reason: 'sign_in_again' | 'unavailable'): AppError {
    return reason === 'sign_in_again'
      ? new AppError(401, 'sign_in_again', 'Your access to e-RS has ended. Sign in again.')
      : new AppError(
          503,
          'upstream_unavailable',
          'We could not renew your access to e-RS. Try again in a moment.',
        );
  }

  function audit(c: Ctx, record: Retrieval, failure?: ProblemCode): void {
    const session = c.get('session');
    const onBehalfOf = session.actingAs.onBehalfOf?.userId;
    deps.audit.retrieval({
      operation: record.operation,
      ...record.what,
      sub: session.sub,
      userName: session.name,
      roleId: session.role.id,
      odsCode: session.actingAs.odsCode,
      businessFunction: session.actingAs.businessFunction,
      ...(onBehalfOf ? { onBehalfOfUserId: onBehalfOf } : {}),
      outcome: record.outcome ?? (failure ? 'refused' : 'ok'),
      result: failure ? 'failure' : 'success',
      ...(failure ? { problemCode: failure } : {}),
      ...(record.cached ? { cached: true } : {}),
      correlationId: c.get('correlationId'),
      ...(record.ersRequestId ? { ersRequestId: record.ersRequestId } : {}),
    });
  }

  /** One audit event per retrieval, whether it was served, refused or failed. */
  function retrieval(
    operation: ErsOperationId,
    handler: (c: Ctx, record: Retrieval) => Promise<Response>,
  ) {
    return async (c: Ctx) => {
      const record: Retrieval = { operation, what: {} };
      try {
        const response = await handler(c, record);
        audit(c, record);
        return response;
      } catch (error) {
        audit(c, record, error instanceof AppError ? error.code : 'internal_error');
        throw error;
      }
    };
  }

  const attachmentKey = (c: Ctx, ubrn: Ubrn) => {
    const { sub, actingAs } = c.get('session');
    return [
      sub,
      actingAs.odsCode,
      actingAs.businessFunction,
      actingAs.onBehalfOf?.userId ?? '',
      ubrn,
    ].join('\u0000');
  };

  const remember = (c: Ctx, ubrn: Ubrn, summary: ReferralSummary) =>
    attachmentIndex.remember(attachmentKey(c, ubrn), summary.attachments ?? []);

  app.get(
    ERS_ROUTES.referral,
    retrieval('A005', async (c, record) => {
      const ubrn = ubrnParam(c);
      record.what.ubrn = ubrn;
      requireOnBehalfOf(c);
      const outcome = await call(c, record, (context) =>
        deps.ers.getReferralRequest(ubrn, context),
      );
      if (outcome.kind !== 'ok') throw refusal(outcome, REFERRAL_NOT_FOUND);
      remember(c, ubrn, outcome.body);
      return c.json(outcome.body);
    }),
  );

  app.get(
    ERS_ROUTES.referralVersion,
    retrieval('A005', async (c, record) => {
      const ubrn = ubrnParam(c);
      record.what.ubrn = ubrn;
      const version = parseReferralVersion(c.req.param('version') ?? '');
      if (!version) {
        throw new AppError(400, 'invalid_version', 'A referral version is a whole number.');
      }
      record.what.version = version;
      requireOnBehalfOf(c);
      const outcome = await call(c, record, (context) =>
        deps.ers.getReferralRequest(ubrn, context, version),
      );
      if (outcome.kind !== 'ok') {
        throw refusal(
          outcome,
          outcome.kind === 'not_found' && outcome.ersCode === 'HISTORY_NOT_SUPPORTED'
            ? {
                code: 'version_not_current',
                detail: 'e-RS only shows the latest version of a referral.',
              }
            : REFERRAL_NOT_FOUND,
        );
      }
      remember(c, ubrn, outcome.body);
      return c.json(outcome.body);
    }),
  );

  app.get(
    ERS_ROUTES.attachment,
    retrieval('A042', async (c, record) => {
      const ubrn = ubrnParam(c);
      record.what.ubrn = ubrn;
      const id = parseAttachmentId(c.req.param('attachmentId') ?? '');
      if (!id) throw new AppError(400, 'invalid_attachment_id', 'That is not an attachment id.');
      record.what.attachmentId = id;
      requireClinicalRole(c);
      requireOnBehalfOf(c);

      // The id must belong to this referral, as this user in this role sees it.
      let attachments = attachmentIndex.lookup(attachmentKey(c, ubrn));
      if (!attachments) {
        const referral = await call(c, record, (context) =>
          deps.ers.getReferralRequest(ubrn, context),
        );
        if (referral.kind !== 'ok') throw refusal(referral, REFERRAL_NOT_FOUND);
        remember(c, ubrn, referral.body);
        attachments = referral.body.attachments ?? [];
      }
      const attachment = attachments.find((each) => each.id === id);
      if (!attachment) {
        throw new AppError(404, ATTACHMENT_NOT_FOUND.code, ATTACHMENT_NOT_FOUND.detail);
      }
      if (attachment.availability.code !== 'AVAILABLE') {
        throw new AppError(
          422,
          'attachment_unavailable',
          attachment.availability.reason ?? 'This file cannot be opened at the moment.',
          { ersCode: attachment.availability.code },
        );
      }

      const outcome = await call(c, record, (context) =>
        deps.ers.getAttachment(id, context, servedContentType(attachment.contentType ?? undefined)),
      );
      if (outcome.kind !== 'ok') {
        throw refusal(
          outcome,
          ATTACHMENT_NOT_FOUND,
          (unprocessable) =>
            new AppError(
              422,
              'attachment_unavailable',
              ATTACHMENT_UNAVAILABLE[unprocessable.ersCode ?? ''] ??
                'This file cannot be opened at the moment.',
              {
                cause: { kind: unprocessable.kind, ersCode: unprocessable.ersCode },
                ersRequestId: unprocessable.requestId,
                ersCode: unprocessable.ersCode,
              },
            ),
        );
      }
      return c.body(
        outcome.body.stream,
        200,
        fileHeaders({
          upstreamType: outcome.body.contentType,
          filename: sanitiseFilename(attachment.title, `attachment-${id}`),
          contentLength: outcome.body.contentLength,
        }),
      );
    }),
  );

  app.get(
    ERS_ROUTES.clinicalInformation,
    retrieval('A007', async (c, record) => {
      const ubrn = ubrnParam(c);
      record.what.ubrn = ubrn;
      requireClinicalRole(c);
      requireOnBehalfOf(c);
      const outcome = await call(c, record, (context) =>
        deps.ers.getClinicalInformation(ubrn, context),
      );
      if (outcome.kind !== 'ok') throw refusal(outcome, REFERRAL_NOT_FOUND);
      return c.body(
        outcome.body.stream,
        200,
        fileHeaders({
          upstreamType: outcome.body.contentType,
          filename: `clinical-information-${ubrn}.pdf`,
          contentLength: outcome.body.contentLength,
        }),
      );
    }),
  );

  app.get(
    ERS_ROUTES.worklist,
    retrieval('A008', async (c, record) => {
      const parsed = WorklistTypeSchema.safeParse(c.req.param('listType'));
      if (!parsed.success) {
        throw new AppError(400, 'invalid_list_type', 'There is no such worklist.');
      }
      const listType = parsed.data;
      record.what.listType = listType;
      requireBusinessFunction(
        c,
        WORKLIST_BUSINESS_FUNCTIONS[listType],
        `The ${WORKLIST_LABELS[listType].toLowerCase()} worklist is not available in the role you are working in.`,
      );
      const filters = parseWorklistFilters(listType, c.req.queries());
      if (!filters.ok) throw new AppError(400, 'invalid_request', filters.detail);
      requireOnBehalfOf(c);
      const outcome = await call(c, record, (context) =>
        deps.ers.getWorklist(listType, context, filters.filters),
      );
      if (outcome.kind !== 'ok') throw refusal(outcome, undefined);
      return c.json(outcome.body);
    }),
  );

  app.get(
    ERS_ROUTES.referenceData,
    retrieval('A004', async (c, record) => {
      const parsed = ReferenceDataCodeSystemSchema.safeParse(c.req.param('codeSystem'));
      if (!parsed.success) {
        throw new AppError(400, 'invalid_code_system', 'There is no such reference data.');
      }
      const codeSystem = parsed.data;
      record.what.codeSystem = codeSystem;
      requireBusinessFunction(
        c,
        REFERENCE_DATA_BUSINESS_FUNCTIONS,
        'Reference data is not available in the role you are working in.',
      );
      const { outcome, cached } = await referenceData.get(codeSystem, () =>
        call(c, record, (context) => deps.ers.getReferenceData(codeSystem, context)),
      );
      record.outcome = outcome.kind;
      if (cached) record.cached = true;
      if (outcome.kind !== 'ok') throw refusal(outcome, undefined);
      return c.json(outcome.body);
    }),
  );

  app.get(
    ERS_ROUTES.onBehalfOf,
    retrieval('A040', async (c, record) => {
      const odsCode = c.req.query('odsCode');
      const { actingAs } = c.get('session');
      if (
        odsCode === undefined ||
        (actingAs.businessFunction === SPCA && actingAs.odsCode === odsCode)
      ) {
        requireBusinessFunction(
          c,
          [SPCA],
          'Only a service provider clinician admin works on behalf of clinicians.',
        );
      } else {
        // Before switching to SPC admin at `odsCode`: only where A030 offers that pair.
        if (!/^[A-Z0-9]{3,10}$/.test(odsCode)) {
          throw new AppError(400, 'invalid_request', 'That is not an organisation code.');
        }
        const offered = choices(c.get('session'), await practitionerRoles(c, record)).options;
        if (!offered.some((o) => o.odsCode === odsCode && o.businessFunction === SPCA)) {
          throw new AppError(403, 'no_access', 'You cannot work as a clinician admin there.');
        }
      }
      const outcome = await call(c, record, (context) =>
        deps.ers.getOnBehalfOfPractitioners(
          odsCode === undefined
            ? context
            : { ...context, odsCode, businessFunction: SPCA, onBehalfOfUserId: undefined },
        ),
      );
      if (outcome.kind !== 'ok') throw refusal(outcome, undefined);
      return c.json(outcome.body);
    }),
  );

  /**
   * e-RS A030, once per session: the (organisation, business function) pairs the user may act
   * in. Kept in the session; a failure is not kept, so the next request asks again.
   */
  async function practitionerRoles(c: Ctx, record: Retrieval): Promise<PractitionerRoles> {
    const cached = c.get('session').ersRoles;
    if (cached) {
      record.cached = true;
      return cached;
    }
    const outcome = await call(c, record, (context) => deps.ers.getPractitionerRoles(context));
    if (outcome.kind !== 'ok') throw refusal(outcome, undefined);
    await updateSession(c, (session) => ({ ...session, ersRoles: outcome.body }));
    return outcome.body;
  }

  /** Re-reads before writing, so a token refreshed meanwhile by another request is kept. */
  async function updateSession(c: Ctx, change: (session: Session) => Session): Promise<Session> {
    const id = c.get('sessionId');
    const fresh = await deps.sessions.load(id, { slide: false });
    if (!fresh) throw new AppError(401, 'not_signed_in', 'Your session has ended.');
    const changed = change(fresh);
    if (!(await deps.sessions.save(id, changed))) {
      throw new AppError(401, 'not_signed_in', 'Your session has ended.');
    }
    c.set('session', changed);
    return changed;
  }

  /** Only the pairs at the organisation of the CIS2 role the user signed in with. */
  function choices(session: Session, roles: PractitionerRoles): ActingContextChoices {
    const { organisation } = session.role;
    return {
      current: {
        odsCode: session.actingAs.odsCode,
        businessFunction: session.actingAs.businessFunction,
        onBehalfOf: session.actingAs.onBehalfOf ?? null,
      },
      organisation,
      options: roles
        .filter((role) => role.odsCode === organisation.odsCode)
        .flatMap((role) =>
          role.businessFunctions.map((businessFunction) => ({
            odsCode: role.odsCode,
            businessFunction,
          })),
        ),
    };
  }

  app.get(
    apiPaths.actingContext,
    retrieval('A030', async (c, record) => {
      const roles = await practitionerRoles(c, record);
      return c.json(choices(c.get('session'), roles));
    }),
  );

  app.put(
    apiPaths.actingContext,
    retrieval('A030', async (c, record) => {
      const body: unknown = await c.req.json().catch(() => undefined);
      const chosen = ChooseActingContextSchema.safeParse(body);
      if (!chosen.success) {
        throw new AppError(400, 'invalid_request', 'Choose an organisation and a role.');
      }
      const { odsCode, businessFunction, onBehalfOfUserId } = chosen.data;
      const available = choices(c.get('session'), await practitionerRoles(c, record)).options;
      if (
        !available.some((o) => o.odsCode === odsCode && o.businessFunction === businessFunction)
      ) {
        throw new AppError(403, 'no_access', 'You cannot work in that role at that organisation.');
      }

      let onBehalfOf: Session['actingAs']['onBehalfOf'];
      if (businessFunction === SPCA) {
        if (!onBehalfOfUserId) {
          throw new AppError(
            400,
            'on_behalf_of_required',
            'Choose the clinician you are working for.',
          );
        }
        // e-RS A040 in the new context: the clinicians this admin may act for there.
        const listed = await call(c, { operation: 'A040', what: {} }, (context) =>
          deps.ers.getOnBehalfOfPractitioners({ ...context, odsCode, businessFunction }),
        );
        if (listed.kind !== 'ok') throw refusal(listed, undefined);
        const practitioner = listed.body.practitioners.find((p) => p.userId === onBehalfOfUserId);
        if (!practitioner) {
          throw new AppError(403, 'no_access', 'You cannot work on behalf of that clinician.');
        }
        onBehalfOf = { userId: practitioner.userId, name: practitioner.name };
      } else if (onBehalfOfUserId) {
        throw new AppError(
          400,
          'invalid_request',
          'Only a clinician admin works on behalf of someone.',
        );
      }

      const session = await updateSession(c, (current) => ({
        ...current,
        actingAs: { odsCode, businessFunction, ...(onBehalfOf ? { onBehalfOf } : {}) },
      }));
      c.get('log').info(
        {
          audit: 'acting_context_changed',
          sub: session.sub,
          odsCode,
          businessFunction,
          onBehalfOfUserId,
        },
        'acting context changed',
      );
      return c.json(choices(session, session.ersRoles ?? []));
    }),
  );

  return app;
}
