/**
 * The e-RS gateway: an explicit allowlist of retrieval operations, each validating its input
 * before any upstream call and answering with a view model, never raw upstream data.
 */
import { Hono } from 'hono';
import { toReferralSummary } from '@ers/shared/referral-summary';
import { parseUbrn } from '@ers/shared/ubrn';
import { AppError } from '../http/app-error';
import type { AppEnv } from '../http/app-env';
import type { Session } from '../session/session';
import type { ActingContext, ErsClient, ErsOutcome } from './ers-client';

function actingContext(session: Session): ActingContext {
  return {
    accessToken: session.apim?.accessToken ?? null,
    odsCode: session.actingAs.odsCode,
    businessFunction: session.actingAs.businessFunction,
  };
}

/** Maps every non-ok outcome to the problem the SPA understands. */
function refusal(outcome: Exclude<ErsOutcome<unknown>, { kind: 'ok' }>): AppError {
  const requestId = 'requestId' in outcome ? outcome.requestId : undefined;
  const options = { ersRequestId: requestId, cause: outcome };
  switch (outcome.kind) {
    case 'not_found':
      return new AppError(
        404,
        'referral_not_found',
        'No referral was found with that UBRN.',
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
        'You do not have access to this referral in the organisation and role you are working in.',
        options,
      );
    case 'rate_limited':
      return new AppError(
        429,
        'rate_limited',
        'e-RS is busy. Wait a moment and try again.',
        options,
      );
    case 'upstream_error':
      return new AppError(
        502,
        'upstream_unavailable',
        'e-RS could not answer. Try again later.',
        options,
      );
    case 'unavailable':
      return new AppError(
        503,
        'upstream_unavailable',
        'e-RS could not be reached. Try again later.',
        options,
      );
  }
}

export function ersRoutes(deps: { ers: ErsClient }) {
  const app = new Hono<AppEnv>();

  app.get('/api/referrals/:ubrn', async (c) => {
    const parsed = parseUbrn(c.req.param('ubrn'));
    if (!parsed.ok) throw new AppError(400, 'invalid_ubrn', parsed.message);

    const session = c.get('session');
    const outcome = await deps.ers.getReferralRequest(
      parsed.ubrn,
      actingContext(session),
      c.get('correlationId'),
    );
    c.get('log').info(
      {
        audit: 'ers_retrieval',
        operation: 'A005',
        ubrn: parsed.ubrn,
        sub: session.sub,
        roleId: session.role.id,
        odsCode: session.actingAs.odsCode,
        businessFunction: session.actingAs.businessFunction,
        outcome: outcome.kind,
        ersRequestId: 'requestId' in outcome ? outcome.requestId : undefined,
      },
      'e-RS retrieval',
    );
    if (outcome.kind !== 'ok') throw refusal(outcome);
    if (outcome.requestId) c.header('X-eRS-Request-ID', outcome.requestId);

    const summary = toReferralSummary(outcome.body);
    if (!summary.ok) {
      throw new AppError(
        502,
        'upstream_invalid_response',
        'e-RS sent a response we could not read.',
        {
          cause: summary.reason,
          ersRequestId: outcome.requestId,
        },
      );
    }
    return c.json(summary.summary);
  });

  return app;
}
