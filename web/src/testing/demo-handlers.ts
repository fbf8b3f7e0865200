/**
 * msw handlers for the demo (`dev:mock`): every `/bff` and `/api` call the SPA makes, answered
 * from a DemoSession as the BFF answers from its session: 401 `not_signed_in` until a demo user
 * signs in on the demo's sign-in page, their user and acting context after, and signed out again
 * by `POST /bff/logout`. The e-RS data are the fixtures the stand-ins serve (`ersHandlers`).
 */
import { HttpResponse, http } from 'msw';
import {
  ChooseActingContextSchema,
  apiPaths,
  bffPaths,
  type ActingAs,
  type ActingContextChoices,
  type BffUserResponse,
} from '@ers/shared/bff-contract';
import type { ProblemCode } from '@ers/shared/problem';
import { problem } from './data';
import type { DemoSession, DemoUser } from './demo-session';
import {
  AVAILABLE_ACTIONS_PATH,
  availableActionsAnswer,
  csrfRequired,
  ersHandlers,
  hasCsrfHeader,
  notSignedIn,
  problemResponse,
  takeoverHandler,
} from './handlers';

const IDLE_MINUTES = 15;
const ABSOLUTE_HOURS = 12;

const refuse = (status: number, code: ProblemCode, detail: string) =>
  problemResponse(problem({ status, code, detail }));

function choicesOf(demoUser: DemoUser, actingAs: ActingAs | null): ActingContextChoices {
  return {
    current: actingAs && { onBehalfOf: null, ...actingAs },
    organisation: demoUser.user.organisation,
    options: demoUser.options,
  };
}

export function demoHandlers(session: DemoSession, now: () => number = Date.now) {
  const signedInAt = now();
  /** The signed-in user, or the answer the BFF gives instead (no header, no session). */
  const whoIsSignedIn = (request: Request) => {
    if (!hasCsrfHeader(request)) return { refusal: csrfRequired() };
    const current = session.current();
    return current ? { current } : { refusal: notSignedIn() };
  };

  return [
    http.get(bffPaths.user, ({ request }) => {
      const { current, refusal } = whoIsSignedIn(request);
      if (!current) return refusal;
      const body: BffUserResponse = {
        user: { ...current.demoUser.user, actingAs: current.actingAs },
        session: {
          idleExpiresAt: new Date(now() + IDLE_MINUTES * 60_000).toISOString(),
          expiresAt: new Date(signedInAt + ABSOLUTE_HOURS * 3_600_000).toISOString(),
        },
      };
      return HttpResponse.json(body);
    }),
    http.post(bffPaths.logout, ({ request }) => {
      if (!hasCsrfHeader(request)) return csrfRequired();
      session.signOut();
      return HttpResponse.json({ redirectTo: '/signed-out' });
    }),
    takeoverHandler,
    // Nothing of e-RS without a session, as at the BFF; the handlers below answer otherwise.
    http.all('/api/*', ({ request }) => whoIsSignedIn(request).refusal),
    http.get(apiPaths.actingContext, ({ request }) => {
      const { current, refusal } = whoIsSignedIn(request);
      return current ? HttpResponse.json(choicesOf(current.demoUser, current.actingAs)) : refusal;
    }),
    http.put(apiPaths.actingContext, async ({ request }) => {
      const { current, refusal } = whoIsSignedIn(request);
      if (!current) return refusal;
      // The BFF's answers (bff/src/ers/acting-context/routes.ts), in its order.
      const chosen = ChooseActingContextSchema.safeParse(await request.json().catch(() => null));
      if (!chosen.success) {
        return refuse(400, 'invalid_request', 'Choose an organisation and a role.');
      }
      const { odsCode, businessFunction, onBehalfOfUserId } = chosen.data;
      const listed = current.demoUser.options.some(
        (each) => each.odsCode === odsCode && each.businessFunction === businessFunction,
      );
      if (!listed)
        return refuse(403, 'no_access', 'You cannot work in that role at that organisation.');
      let actingAs: ActingAs = { odsCode, businessFunction };
      if (businessFunction === 'SERVICE_PROVIDER_CLINICIAN_ADMIN') {
        if (!onBehalfOfUserId) {
          return refuse(400, 'on_behalf_of_required', 'Choose the clinician you are working for.');
        }
        const clinician = current.demoUser.clinicians?.find(
          (each) => each.userId === onBehalfOfUserId,
        );
        if (!clinician)
          return refuse(403, 'no_access', 'You cannot work on behalf of that clinician.');
        actingAs = { ...actingAs, onBehalfOf: clinician };
      } else if (onBehalfOfUserId) {
        return refuse(400, 'invalid_request', 'Only a clinician admin works on behalf of someone.');
      }
      session.choose(actingAs);
      return HttpResponse.json(choicesOf(current.demoUser, actingAs));
    }),
    http.get(apiPaths.onBehalfOf(), ({ request }) => {
      const { current, refusal } = whoIsSignedIn(request);
      return current
        ? HttpResponse.json({ practitioners: current.demoUser.clinicians ?? [] })
        : refusal;
    }),
    // A029 on the side the demo user works on; the shared handler assumes a provider.
    http.get(AVAILABLE_ACTIONS_PATH, ({ request, params }) => {
      const businessFunction = session.current()?.actingAs?.businessFunction ?? '';
      const side = businessFunction.startsWith('REFERRING') ? 'referrer' : 'provider';
      return availableActionsAnswer(request, params, side);
    }),
    ...ersHandlers,
  ];
}
