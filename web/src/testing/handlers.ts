/**
 * msw handlers standing in for the BFF: signed in, one known referral, 404 for any other UBRN.
 * Without the anti-forgery header they answer 403 `csrf_required`, as the BFF does.
 */
import { HttpResponse, http } from 'msw';
import { CSRF_HEADER, CSRF_HEADER_VALUE, bffPaths } from '@ers/shared/bff-contract';
import { PROBLEM_CONTENT_TYPE, type Problem } from '@ers/shared/problem';
import { KNOWN_UBRN, problem, referralSummary, signedInUser } from './data';

export function problemResponse(body: Problem): HttpResponse<Problem> {
  return HttpResponse.json(body, {
    status: body.status,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE },
  });
}

function hasCsrfHeader(request: Request): boolean {
  return request.headers.get(CSRF_HEADER) === CSRF_HEADER_VALUE;
}

const csrfRequired = () =>
  problemResponse(
    problem({ status: 403, code: 'csrf_required', detail: 'The X-CSRF header is required.' }),
  );

export const notSignedIn = () =>
  problemResponse(problem({ status: 401, code: 'not_signed_in', detail: 'Sign in to continue.' }));

export const userHandler = http.get(bffPaths.user, ({ request }) =>
  hasCsrfHeader(request) ? HttpResponse.json(signedInUser) : csrfRequired(),
);

export const signedOutUserHandler = http.get(bffPaths.user, notSignedIn);

/** 401 for a session the BFF ended: `session_replaced` or `signed_out_elsewhere`. */
export const sessionEnded = (code: 'session_replaced' | 'signed_out_elsewhere') => () =>
  problemResponse(problem({ status: 401, code, detail: 'Your session has ended.' }));

export const logoutHandler = http.post(bffPaths.logout, ({ request }) =>
  hasCsrfHeader(request) ? HttpResponse.json({ redirectTo: '/signed-out' }) : csrfRequired(),
);

export const takeoverHandler = http.post(bffPaths.sessionTakeover, ({ request }) =>
  hasCsrfHeader(request) ? HttpResponse.json({ redirectTo: '/referrals/find' }) : csrfRequired(),
);

export const referralHandler = http.get('/api/referrals/:ubrn', ({ request, params }) => {
  if (!hasCsrfHeader(request)) return csrfRequired();
  if (params.ubrn === KNOWN_UBRN) return HttpResponse.json(referralSummary);
  return problemResponse(
    problem({
      status: 404,
      code: 'referral_not_found',
      title: 'Referral not found',
      detail: `No referral with UBRN ${String(params.ubrn)} was found in the e-Referral Service.`,
      correlationId: 'c0ffee00-1234-4abc-8def-000000000404',
      ersRequestId: 'ers-req-404',
    }),
  );
});

export const handlers = [userHandler, logoutHandler, takeoverHandler, referralHandler];
