/**
 * What A024, A025, A042 (for an A&G request's files), A043 and the A&G request's patient banner
 * share: A024's access rule, checked before e-RS is asked, and what e-RS refusing the request means
 * (they answer the same way about the same request).
 */
import { ADVICE_READER_BUSINESS_FUNCTIONS } from '@ers/shared/advice-and-guidance';
import { AppError } from '../../../http/app-error';
import { requireBusinessFunction, requireOnBehalfOf } from '../../access';
import type { Retrieval, RouteContext } from '../../operation';
import type { ErsFailure } from '../../outcome';
import type { OperationFailures } from '../../refusal';
import { parseAdviceVersion, type AdviceVersion } from './request';

const ADVICE_NOT_FOUND = {
  code: 'advice_not_found',
  detail: 'No Advice and Guidance request was found with that UBRN.',
} as const;

/** e-RS's codes for an A&G request it will not show (A024's 422, A025's 400, A043's 422). */
const ADVICE_UNPROCESSABLE: Record<string, string> = {
  INVALID_REQUEST_TYPE:
    'This UBRN is a referral, not an Advice and Guidance request. Find it as a referral instead.',
  PATIENT_ERROR:
    'e-RS could not retrieve the patient for this request. Do not try again; contact the e-RS service desk, quoting the IDs below.',
};

export function adviceUnprocessable(failure: ErsFailure & { ersCode?: string | undefined }) {
  return new AppError(
    422,
    'advice_unprocessable',
    ADVICE_UNPROCESSABLE[failure.ersCode ?? ''] ??
      'e-RS cannot show this Advice and Guidance request. Contact the e-RS service desk if you need it.',
    {
      cause: { kind: failure.kind, ersCode: failure.ersCode },
      ersRequestId: failure.requestId,
      ersCode: failure.ersCode,
    },
  );
}

const noRelationship = (failure: ErsFailure & { ersCode?: string | undefined }) =>
  new AppError(
    403,
    'no_relationship',
    'e-RS says you have no legitimate relationship with this Advice and Guidance request in the organisation and role you are working in.',
    { cause: { kind: failure.kind }, ersRequestId: failure.requestId, ersCode: failure.ersCode },
  );

export const ADVICE_FAILURES: OperationFailures = {
  notFound: ADVICE_NOT_FOUND,
  unprocessable: adviceUnprocessable,
  noRelationship,
};

/** A024, A025 and A043 are for the clinical business functions; an SPCA names whom they act for. */
export function requireAdviceReader(c: RouteContext): void {
  requireBusinessFunction(
    c,
    ADVICE_READER_BUSINESS_FUNCTIONS,
    'Advice and Guidance requests are not available in the role you are working in.',
  );
  requireOnBehalfOf(c);
}

export function versionParam(c: RouteContext, retrieval: Retrieval): AdviceVersion {
  const version = parseAdviceVersion(c.req.param('version') ?? '');
  if (!version) throw new AppError(400, 'invalid_version', 'A version is a whole number.');
  retrieval.what.version = version;
  return version;
}

export const VERSION_NOT_CURRENT = {
  code: 'version_not_current',
  detail:
    'This Advice and Guidance request has changed since you opened it. Open it again to see the latest.',
} as const;
