/**
 * The BFF as one Hono app, built from its dependencies: no environment reads, no module state,
 * so tests build it with fakes or stand-ins and call `app.request()`.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { JWK } from 'jose';
import type { AccessTokens } from '../apim/access-tokens';
import type { ApimClient } from '../apim/token-exchange';
import type { Cis2Client } from '../auth/cis2-client';
import { authRoutes } from '../auth/routes';
import { auditLoggerFor, createAuditTrail } from '../audit/audit';
import type { ErsClient } from '../ers/ers-client';
import { fileSecurityHeaders } from '../ers/file-response';
import { ersRoutes } from '../ers/routes';
import type { Logger } from '../logging/logger';
import { requireSession } from '../session/require-session';
import type { SessionManager } from '../session/session-manager';
import type { KeyValueStore } from '../session/store';
import type { AppEnv } from './app-env';
import { AppError } from './app-error';
import { correlationId } from './correlation-id';
import { requireCsrfHeader } from './csrf';
import { onError } from './problem';
import { noStore, securityHeaders } from './security-headers';
import { spaRoutes } from './spa';

export type AppDeps = {
  log: Logger;
  store: KeyValueStore;
  sessions: SessionManager;
  cis2: Cis2Client;
  /** Null in the public-sandbox preset: no token exchange. */
  apim: ApimClient | null;
  accessTokens: AccessTokens;
  ers: ErsClient;
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
};

/** Requests carry no bodies bigger than a form post; anything larger is refused unread. */
const MAX_BODY_BYTES = 16 * 1024;

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.use(correlationId(deps.log));
  // Outside securityHeaders on purpose: files from e-RS get their own sandboxing CSP.
  app.use('/api/*', fileSecurityHeaders());
  app.use(securityHeaders({ hsts: deps.https }));
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError(413, 'payload_too_large', 'The request was too large.');
      },
    }),
  );
  app.use('/bff/*', noStore());
  app.use('/api/*', noStore());

  app.get('/health/live', (c) => c.json({ status: 'ok' }));
  app.get('/health/ready', async (c) => {
    const [store, cis2] = await Promise.all([
      deps.store.ping().catch(() => false),
      deps.cis2.authorizationServer().then(
        () => true,
        () => false,
      ),
    ]);
    return c.json(
      { status: store && cis2 ? 'ok' : 'unavailable', store, cis2 },
      store && cis2 ? 200 : 503,
    );
  });
  app.get('/.well-known/jwks.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(deps.publicJwks);
  });

  // Login and callback are top-level navigations: no custom header is possible there.
  app.use('/bff/user', requireCsrfHeader());
  app.use('/bff/logout', requireCsrfHeader());
  app.use('/bff/session/*', requireCsrfHeader());
  app.use('/api/*', requireCsrfHeader(), requireSession(deps.sessions));

  app.route(
    '/',
    authRoutes({
      cis2: deps.cis2,
      apim: deps.apim,
      sessions: deps.sessions,
      signedOutPath: '/signed-out',
      publicOrigin: deps.publicOrigin,
      logout: deps.logout,
      now: deps.now,
    }),
  );
  app.route(
    '/',
    ersRoutes({
      ers: deps.ers,
      sessions: deps.sessions,
      accessTokens: deps.accessTokens,
      audit: createAuditTrail(deps.audit ?? auditLoggerFor(deps.log), deps.now),
      now: deps.now,
    }),
  );

  // Unknown API and session routes are problems, never the SPA's HTML.
  app.all('/api/*', () => {
    throw new AppError(404, 'route_not_found', 'There is no such API route.');
  });
  app.all('/bff/*', () => {
    throw new AppError(404, 'route_not_found', 'There is no such route.');
  });

  if (deps.webDistDir) app.route('/', spaRoutes(deps.webDistDir));

  app.notFound(() => {
    throw new AppError(404, 'route_not_found', 'Page not found.');
  });
  app.onError(onError);
  return app;
}
