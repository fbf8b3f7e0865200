/**
 * The BFF as one Hono app, built from its dependencies: no environment reads, no module state,
 * so tests build it with fakes or stand-ins and call `app.request()`. server.ts makes the
 * dependencies from configuration; main.ts serves the app.
 *
 *   every response   correlation id, trace span, security headers, body limit, problem+json errors
 *   /bff/*, /api/*   X-CSRF: 1 unless exempt (http/csrf.ts), never cached
 *   /bff/*           sign-in, session and logout (auth/routes.ts)
 *   /api/*           a session, then the e-RS gateway (ers/gateway.ts)
 *   anything else    the built SPA, or a 404
 */
import { Hono } from 'hono';
import type { JWK } from 'jose';
import type { AccessTokens } from './apim/access-tokens';
import type { ApimClient } from './apim/token-exchange';
import type { Cis2Client } from './auth/cis2-client';
import { AUTH_CSRF_EXEMPTIONS, authRoutes } from './auth/routes';
import { auditLoggerFor, createAuditTrail } from './audit/audit';
import type { ErsConnection } from './ers/connection';
import { FILE_CSP } from './ers/file-response';
import { ersGateway } from './ers/gateway';
import type { PatientSource } from './ers/operation';
import { AppError } from './http/app-error';
import { correlationId } from './http/correlation-id';
import { requireCsrfHeader } from './http/csrf';
import { onError } from './http/problem';
import { readinessRoute } from './http/readiness';
import { limitRequestBody } from './http/request-body';
import { noStore, securityHeaders } from './http/security-headers';
import { requestSpan } from './observability/request-span';
import { spaRoutes } from './http/spa';
import type { Logger } from './logging/logger';
import { requireSession } from './session/require-session';
import type { SessionEnv } from './session/session-env';
import type { SessionManager } from './session/session-manager';
import type { KeyValueStore } from './session/store';

export type AppDeps = {
  log: Logger;
  store: KeyValueStore;
  sessions: SessionManager;
  cis2: Cis2Client;
  /** Null in the public-sandbox preset: no token exchange. */
  apim: ApimClient | null;
  accessTokens: AccessTokens;
  ers: ErsConnection;
  /** PDS for the patient banner; null where no PDS base URL is configured. */
  pds?: PatientSource | null | undefined;
  /** The public PDS sandbox: its "not found" for e-RS's sandbox patients is expected. */
  pdsIsSandbox?: boolean | undefined;
  /** The audit stream (see audit/audit.ts); by default `log`'s destination, tagged `stream: audit`. */
  audit?: Logger | undefined;
  /** Public keys APIM (and CIS2) verify our signed assertions with. */
  publicJwks: { keys: JWK[] };
  /** Served over TLS (adds HSTS). */
  https: boolean;
  publicOrigin: string;
  logout: 'local' | 'cis2';
  now: () => number;
  webDistDir?: string | undefined;
  /** Each readiness check's deadline; READINESS_DEADLINE_MS unless a test shortens it. */
  readinessDeadlineMs?: number | undefined;
};

/** Requests carry no bodies bigger than a form post; anything larger is refused unread. */
const MAX_BODY_BYTES = 16 * 1024;

export function createApp(deps: AppDeps) {
  const app = new Hono<SessionEnv>();

  app.use(correlationId(deps.log));
  app.use(requestSpan());
  app.use(securityHeaders({ hsts: deps.https, fileCsp: FILE_CSP }));
  app.use(limitRequestBody(MAX_BODY_BYTES));

  app.get('/health/live', (c) => c.json({ status: 'ok' }));
  app.get(
    '/health/ready',
    readinessRoute(
      {
        store: () => deps.store.ping(),
        cis2: () => deps.cis2.authorizationServer().then(() => true),
      },
      deps.readinessDeadlineMs,
    ),
  );
  app.get('/.well-known/jwks.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(deps.publicJwks);
  });

  // CSRF by default: a route added under /bff or /api is protected unless its module says not.
  const csrf = requireCsrfHeader({ exempt: AUTH_CSRF_EXEMPTIONS });
  for (const prefix of ['/bff/*', '/api/*']) {
    app.use(prefix, noStore());
    app.use(prefix, csrf);
  }
  app.use('/api/*', requireSession(deps.sessions));

  app.route(
    '/',
    authRoutes({
      cis2: deps.cis2,
      apim: deps.apim,
      sessions: deps.sessions,
      signedOutPath: '/signed-out',
      publicOrigin: deps.publicOrigin,
      logout: deps.logout,
    }),
  );
  app.route(
    '/',
    ersGateway({
      ers: deps.ers,
      pds: deps.pds,
      pdsIsSandbox: deps.pdsIsSandbox,
      sessions: deps.sessions,
      accessTokens: deps.accessTokens,
      audit: createAuditTrail(deps.audit ?? auditLoggerFor(deps.log), deps.now),
      now: deps.now,
    }),
  );

  if (deps.webDistDir) app.route('/', spaRoutes(deps.webDistDir));

  // Unknown API and session routes are problems, never the SPA's HTML.
  app.notFound((c) => {
    const path = c.req.path;
    throw new AppError(
      404,
      'route_not_found',
      path.startsWith('/api/')
        ? 'There is no such API route.'
        : path.startsWith('/bff/')
          ? 'There is no such route.'
          : 'Page not found.',
    );
  });
  app.onError(onError);
  return app;
}
