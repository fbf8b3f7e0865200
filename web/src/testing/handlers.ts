/**
 * msw handlers standing in for the BFF: signed in, one known referral, 404 for any other UBRN.
 * Without the anti-forgery header they answer 403 `csrf_required`, as the BFF does.
 */
import { HttpResponse, http } from 'msw';
import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  ChooseActingContextSchema,
  apiPaths,
  bffPaths,
  type ActingAs,
  type ActingContextChoices,
} from '@ers/shared/bff-contract';
import { PROBLEM_CONTENT_TYPE, type Problem } from '@ers/shared/problem';
import type { ReferenceData } from '@ers/shared/reference-data';
import { WorklistTypeSchema } from '@ers/shared/worklist';
import {
  KNOWN_UBRN,
  actingContextChoices,
  problem,
  referralSummary,
  signedInUser,
  signedInUserWithOtherRoles,
} from './data';
import {
  SAMPLE_PDF,
  adviceConversationOf,
  adviceSummaryOf,
  adviceWorklistOf,
  fixtureAvailableActions,
  fixtureService,
  fixtureSummaries,
  patientLookupOf,
  worklistOf,
  worklistPatientFor,
} from './ers-fixtures';

export function problemResponse(body: Problem): HttpResponse<Problem> {
  return HttpResponse.json(body, {
    status: body.status,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE },
  });
}

export function hasCsrfHeader(request: Request): boolean {
  return request.headers.get(CSRF_HEADER) === CSRF_HEADER_VALUE;
}

export const csrfRequired = () =>
  problemResponse(
    problem({ status: 403, code: 'csrf_required', detail: 'The X-CSRF header is required.' }),
  );

export const notSignedIn = () =>
  problemResponse(problem({ status: 401, code: 'not_signed_in', detail: 'Sign in to continue.' }));

export const userHandler = http.get(bffPaths.user, ({ request }) =>
  hasCsrfHeader(request) ? HttpResponse.json(signedInUser) : csrfRequired(),
);

/** The signed-in user holding other CIS2 roles too (not in the default handlers). */
export const userWithOtherRolesHandler = http.get(bffPaths.user, ({ request }) =>
  hasCsrfHeader(request) ? HttpResponse.json(signedInUserWithOtherRoles) : csrfRequired(),
);

export const signedOutUserHandler = http.get(bffPaths.user, notSignedIn);

/** The signed-in user working in another acting context (e.g. an admin business function). */
export function userActingAsHandler(actingAs: ActingAs) {
  return http.get(bffPaths.user, ({ request }) =>
    hasCsrfHeader(request)
      ? HttpResponse.json({ ...signedInUser, user: { ...signedInUser.user, actingAs } })
      : csrfRequired(),
  );
}

/** 401 for a session the BFF ended: `session_replaced`, `signed_out_elsewhere`, `service_restarted`. */
export const sessionEnded =
  (code: 'session_replaced' | 'signed_out_elsewhere' | 'service_restarted') => () =>
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
  const fixture = fixtureSummaries.get(String(params.ubrn));
  if (fixture) return HttpResponse.json(fixture);
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

/** The referral's patient from PDS (the stand-in's patients), as the BFF answers it. */
export const patientHandler = http.get('/api/referrals/:ubrn/patient', ({ request, params }) => {
  if (!hasCsrfHeader(request)) return csrfRequired();
  const summary =
    params.ubrn === KNOWN_UBRN ? referralSummary : fixtureSummaries.get(String(params.ubrn));
  if (!summary) {
    return problemResponse(
      problem({ status: 404, code: 'referral_not_found', detail: 'No referral with that UBRN.' }),
    );
  }
  return HttpResponse.json(
    patientLookupOf(summary.nhsNumber, new Date().toISOString().slice(0, 10)),
  );
});

const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

function fileResponse(body: BodyInit, contentType: string, fileName: string): Response {
  const disposition = contentType === 'application/pdf' ? 'inline' : 'attachment';
  return new Response(body, {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `${disposition}; filename="${fileName}"`,
      'Cache-Control': 'no-store',
    },
  });
}

/** A042 through the BFF: the file when AVAILABLE, 422 `attachment_unavailable` otherwise. */
export const attachmentHandler = http.get(
  '/api/referrals/:ubrn/attachments/:attachmentId',
  ({ request, params }) => {
    if (!hasCsrfHeader(request)) return csrfRequired();
    const summary =
      params.ubrn === KNOWN_UBRN
        ? fixtureSummaries.get(KNOWN_UBRN)
        : fixtureSummaries.get(String(params.ubrn));
    const attachment = summary?.attachments?.find((each) => each.id === params.attachmentId);
    if (!attachment) {
      return problemResponse(
        problem({
          status: 404,
          code: 'attachment_not_found',
          detail: 'This referral has no such attachment.',
          correlationId: 'corr-attachment-404',
        }),
      );
    }
    if (attachment.availability.code !== 'AVAILABLE') {
      return problemResponse(
        problem({
          status: 422,
          code: 'attachment_unavailable',
          detail: attachment.availability.reason ?? 'This file cannot be opened at the moment.',
          ersCode: attachment.availability.code,
          correlationId: 'corr-attachment-422',
        }),
      );
    }
    const type = attachment.contentType ?? 'application/octet-stream';
    if (type === 'application/pdf') return fileResponse(SAMPLE_PDF, type, attachment.title);
    if (type === 'image/png') {
      const bytes = Uint8Array.from(atob(PNG_1X1), (char) => char.charCodeAt(0));
      return fileResponse(bytes, type, attachment.title);
    }
    return fileResponse(`Attachment ${attachment.title}`, 'text/plain', attachment.title);
  },
);

/** A007 through the BFF: the clinical information PDF. */
export const clinicalInformationHandler = http.get(
  '/api/referrals/:ubrn/clinical-information',
  ({ request, params }) => {
    if (!hasCsrfHeader(request)) return csrfRequired();
    return fileResponse(
      SAMPLE_PDF,
      'application/pdf',
      `clinical-information-${String(params.ubrn)}.pdf`,
    );
  },
);

/**
 * A029 through the BFF: the stand-in's actions for the referral, on one side (the default user
 * is a provider clinician).
 */
export const AVAILABLE_ACTIONS_PATH = '/api/referrals/:ubrn/versions/:version/actions';

export function availableActionsAnswer(
  request: Request,
  params: Record<string, string | readonly string[] | undefined>,
  side: 'provider' | 'referrer',
) {
  if (!hasCsrfHeader(request)) return csrfRequired();
  const actions = fixtureAvailableActions(String(params.ubrn), String(params.version), side);
  return actions
    ? HttpResponse.json(actions)
    : problemResponse(problem({ status: 404, code: 'referral_not_found' }));
}

export function availableActionsHandler(side: 'provider' | 'referrer' = 'provider') {
  return http.get(AVAILABLE_ACTIONS_PATH, ({ request, params }) =>
    availableActionsAnswer(request, params, side),
  );
}

/** A033 through the BFF: the stand-in's services, whoever asks (the BFF checks the role). */
export const healthcareServiceHandler = http.get(
  '/api/healthcare-services/:serviceId',
  ({ request, params }) => {
    if (!hasCsrfHeader(request)) return csrfRequired();
    const service = fixtureService(String(params.serviceId));
    return service
      ? HttpResponse.json(service)
      : problemResponse(
          problem({
            status: 404,
            code: 'service_not_found',
            detail:
              'e-RS has no service with that ID. It may have been removed from the directory.',
          }),
        );
  },
);

/** A008 through the BFF: the stand-in's lists, whatever the business function. */
export const worklistHandler = http.get('/api/worklists/:listType', ({ request, params }) => {
  if (!hasCsrfHeader(request)) return csrfRequired();
  const listType = WorklistTypeSchema.safeParse(params.listType);
  if (!listType.success) {
    return problemResponse(
      problem({ status: 400, code: 'invalid_list_type', detail: 'There is no such worklist.' }),
    );
  }
  return HttpResponse.json(worklistOf(listType.data));
});

/**
 * The rows' patients (the PDS stand-in's), as the BFF answers for rows of a list it served; a
 * UBRN on no fixture list (`nhsNumberOf` knows none for it) is refused, as the BFF refuses one it
 * did not serve.
 */
function rowPatients(request: Request, nhsNumberOf: (ubrn: string) => string | null | undefined) {
  if (!hasCsrfHeader(request)) return csrfRequired();
  const ubrns = new URL(request.url).searchParams.getAll('ubrn');
  const today = new Date().toISOString().slice(0, 10);
  const rows = ubrns.map((ubrn) => ({ ubrn, nhsNumber: nhsNumberOf(ubrn) }));
  if (rows.length === 0 || rows.some((row) => !row.nhsNumber)) {
    return problemResponse(
      problem({
        status: 403,
        code: 'no_access',
        detail: 'Patient details are shown only for rows of a worklist you can see.',
      }),
    );
  }
  return HttpResponse.json({
    patients: rows.map((row) => worklistPatientFor(row.ubrn, row.nhsNumber!, today)),
  });
}

export const worklistPatientsHandler = http.get(
  '/api/worklists/:listType/patients',
  ({ request }) => rowPatients(request, (ubrn) => fixtureSummaries.get(ubrn)?.nhsNumber),
);

const adviceNotFound = () =>
  problemResponse(
    problem({
      status: 404,
      code: 'advice_not_found',
      detail: 'No Advice and Guidance request was found with that UBRN.',
    }),
  );

/** A023, A024, A025 and A043 through the BFF: the stand-in's A&G requests for RCD. */
export const adviceHandlers = [
  http.get(apiPaths.adviceWorklist, ({ request }) =>
    hasCsrfHeader(request) ? HttpResponse.json(adviceWorklistOf()) : csrfRequired(),
  ),
  // Before `/api/advice-and-guidance/:ubrn`, as the BFF registers it: `patients` is no UBRN.
  http.get(apiPaths.adviceWorklistPatients, ({ request }) =>
    rowPatients(
      request,
      (ubrn) => adviceWorklistOf().items.find((item) => item.ubrn === ubrn)?.nhsNumber,
    ),
  ),
  /** The A&G request's patient from PDS (the stand-in's patients), as the BFF answers it. */
  http.get('/api/advice-and-guidance/:ubrn/patient', ({ request, params }) => {
    if (!hasCsrfHeader(request)) return csrfRequired();
    const summary = adviceSummaryOf(String(params.ubrn));
    return summary
      ? HttpResponse.json(patientLookupOf(summary.nhsNumber, new Date().toISOString().slice(0, 10)))
      : adviceNotFound();
  }),
  http.get('/api/advice-and-guidance/:ubrn', ({ request, params }) => {
    if (!hasCsrfHeader(request)) return csrfRequired();
    const summary = adviceSummaryOf(String(params.ubrn));
    return summary ? HttpResponse.json(summary) : adviceNotFound();
  }),
  http.get(
    '/api/advice-and-guidance/:ubrn/versions/:version/conversation',
    ({ request, params }) => {
      if (!hasCsrfHeader(request)) return csrfRequired();
      const conversation = adviceConversationOf(String(params.ubrn), String(params.version));
      return conversation
        ? HttpResponse.json(conversation)
        : problemResponse(
            problem({
              status: 404,
              code: 'version_not_current',
              detail:
                'This Advice and Guidance request has changed since you opened it. Open it again to see the latest.',
            }),
          );
    },
  ),
  http.get('/api/advice-and-guidance/:ubrn/attachments/:attachmentId', ({ request, params }) => {
    if (!hasCsrfHeader(request)) return csrfRequired();
    const summary = adviceSummaryOf(String(params.ubrn));
    const conversation = summary?.version
      ? adviceConversationOf(String(params.ubrn), summary.version)
      : undefined;
    const attachment = [
      ...(summary?.attachments ?? []),
      ...(conversation?.messages.flatMap((message) => message.attachments) ?? []),
    ].find((each) => each.id === params.attachmentId);
    if (!attachment) {
      return problemResponse(
        problem({
          status: 404,
          code: 'attachment_not_found',
          detail: 'This Advice and Guidance request has no attachment with that id.',
        }),
      );
    }
    return attachment.contentType === 'application/pdf'
      ? fileResponse(SAMPLE_PDF, 'application/pdf', attachment.title)
      : fileResponse(`Attachment ${attachment.title}`, 'text/plain', attachment.title);
  }),
  http.get('/api/advice-and-guidance/:ubrn/overview', ({ request, params }) => {
    if (!hasCsrfHeader(request)) return csrfRequired();
    return adviceSummaryOf(String(params.ubrn))
      ? fileResponse(
          SAMPLE_PDF,
          'application/pdf',
          `advice-and-guidance-${String(params.ubrn)}.pdf`,
        )
      : adviceNotFound();
  }),
];

/** The choices as the BFF builds them for a current context. */
export function choicesFor(current: ActingAs | null): ActingContextChoices {
  return { ...actingContextChoices, current: current && { onBehalfOf: null, ...current } };
}

/**
 * `GET`/`PUT /api/acting-context` and `GET /api/on-behalf-of`. With a `state`, a choice is kept
 * (and the user handler made from it reports it), as the BFF's session does.
 */
export function actingContextHandlers(state?: { actingAs: ActingAs | null }) {
  const current = () => state?.actingAs ?? signedInUser.user.actingAs;
  return [
    http.get(apiPaths.actingContext, ({ request }) =>
      hasCsrfHeader(request) ? HttpResponse.json(choicesFor(current())) : csrfRequired(),
    ),
    http.put(apiPaths.actingContext, async ({ request }) => {
      if (!hasCsrfHeader(request)) return csrfRequired();
      const chosen = ChooseActingContextSchema.safeParse(await request.json().catch(() => null));
      if (!chosen.success) {
        return problemResponse(
          problem({
            status: 400,
            code: 'invalid_request',
            detail: 'Choose an organisation and a role.',
          }),
        );
      }
      const { odsCode, businessFunction, onBehalfOfUserId } = chosen.data;
      if (businessFunction === 'SERVICE_PROVIDER_CLINICIAN_ADMIN' && !onBehalfOfUserId) {
        return problemResponse(
          problem({
            status: 400,
            code: 'on_behalf_of_required',
            detail: 'Choose the clinician you are working for.',
          }),
        );
      }
      const actingAs: ActingAs = {
        odsCode,
        businessFunction,
        ...(onBehalfOfUserId ? { onBehalfOf: { userId: onBehalfOfUserId, name: null } } : {}),
      };
      if (state) state.actingAs = actingAs;
      return HttpResponse.json(choicesFor(actingAs));
    }),
    // Matches with or without ?odsCode= (msw ignores the query when matching).
    http.get(apiPaths.onBehalfOf(), ({ request }) =>
      hasCsrfHeader(request)
        ? HttpResponse.json({
            practitioners: [
              { userId: '555032006106', name: null },
              { userId: '555032006107', name: 'Dr Sam Example' },
            ],
          })
        : csrfRequired(),
    ),
  ];
}

/** `/bff/user` reporting the acting context kept in `state`. */
export function statefulUserHandler(state: { actingAs: ActingAs | null }) {
  return http.get(bffPaths.user, ({ request }) =>
    hasCsrfHeader(request)
      ? HttpResponse.json({
          ...signedInUser,
          user: { ...signedInUser.user, actingAs: state.actingAs },
        })
      : csrfRequired(),
  );
}

/** A004 through the BFF: a few specialties (the worklist filter's choices). */
export const SPECIALTIES: ReferenceData = {
  codeSystem: 'SPECIALTY',
  version: '1',
  concepts: [
    ['CARDIOLOGY', 'Cardiology'],
    ['GASTROENTEROLOGY', 'Gastroenterology'],
    ['ALLERGY', 'Allergy'],
  ].map(([code, display]) => ({
    code: code!,
    display: display!,
    effectiveFrom: null,
    effectiveTo: null,
    properties: {},
    codedProperties: {},
  })),
};
export const referenceDataHandler = http.get(
  '/api/reference-data/:codeSystem',
  ({ request, params }) => {
    if (!hasCsrfHeader(request)) return csrfRequired();
    return params.codeSystem === 'SPECIALTY'
      ? HttpResponse.json(SPECIALTIES)
      : problemResponse(
          problem({
            status: 400,
            code: 'invalid_code_system',
            detail: 'There is no such reference data.',
          }),
        );
  },
);

/** e-RS data handlers shared by the tests and the demo. */
export const ersHandlers = [
  referenceDataHandler,
  referralHandler,
  patientHandler,
  attachmentHandler,
  clinicalInformationHandler,
  worklistHandler,
  ...adviceHandlers,
  worklistPatientsHandler,
  availableActionsHandler(),
  healthcareServiceHandler,
];

export const handlers = [
  userHandler,
  logoutHandler,
  takeoverHandler,
  ...ersHandlers,
  ...actingContextHandlers(),
];
