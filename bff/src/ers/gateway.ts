/**
 * The e-RS gateway: the routes of every operation in the table (operations.ts), each run inside
 * a retrieval (retrieval.ts) that supplies the access token and writes the audit event, in an
 * acting context e-RS A030 lists (acting-context/choices.ts), established before the route. A path
 * answers only the methods its operations declare: anything else is a 405 before any work, and
 * paths not in the table fall through to the app's 404. Mounted behind `requireSession`.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { API_ROUTES } from '@ers/shared/bff-contract';
import { AppError } from '../http/app-error';
import type { SessionEnv } from '../session/session-env';
import {
  createAttachmentIndex,
  createReferenceDataCache,
  type AttachmentIndex,
  type ReferenceDataCache,
} from './caches';
import { establishedActingContext } from './acting-context/choices';
import type { ErsConnection } from './connection';
import type { ErsRoute, GatewayServices, PatientSource } from './operation';
import { createPatientCache, type PatientCache } from './patient-cache';
import { ERS_OPERATIONS } from './operations';
import { startRetrieval, type RetrievalDeps } from './retrieval';
import type { SessionManager } from '../session/session-manager';

export type ErsGatewayDeps = RetrievalDeps & {
  ers: ErsConnection;
  sessions: SessionManager;
  now?: () => number;
  referenceData?: ReferenceDataCache;
  attachments?: AttachmentIndex;
  /** PDS for the patient banner; none: the banner says it is not available here. */
  pds?: PatientSource | null | undefined;
  pdsIsSandbox?: boolean | undefined;
  patients?: PatientCache;
};

/** HEAD is refused too: on a file route it would fetch a whole file to throw it away. */
function allowOnly(methods: readonly string[]): MiddlewareHandler<SessionEnv> {
  const allow = methods.join(', ');
  const readOnly = methods.every((method) => method === 'GET');
  return async function allowOnly(c, next) {
    if (!methods.includes(c.req.method)) {
      c.header('Allow', allow);
      throw new AppError(
        405,
        'method_not_allowed',
        readOnly ? 'This address can only be read (GET).' : `This address answers ${allow} only.`,
      );
    }
    await next();
  };
}

export function ersGateway(deps: ErsGatewayDeps) {
  const now = deps.now ?? Date.now;
  const services: GatewayServices = {
    ers: deps.ers,
    sessions: deps.sessions,
    referenceData: deps.referenceData ?? createReferenceDataCache({ now }),
    attachments: deps.attachments ?? createAttachmentIndex({ now }),
    pds: deps.pds ?? null,
    pdsIsSandbox: deps.pdsIsSandbox ?? false,
    patients: deps.patients ?? createPatientCache({ now }),
  };
  const app = new Hono<SessionEnv>();

  const routes = ERS_OPERATIONS.flatMap((operation) =>
    operation.routes.map((route: ErsRoute) => ({
      operation,
      route,
      path: API_ROUTES[route.route],
    })),
  );
  const methodsByPath = new Map<string, string[]>();
  for (const { path, route } of routes) {
    methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), route.method]);
  }
  for (const [path, methods] of methodsByPath) app.use(path, allowOnly(methods));

  for (const { operation, route, path } of routes) {
    const of = { operation: operation.id, interaction: route.interaction ?? operation.interaction };
    app.on(route.method, path, async (c) => {
      const retrieval = startRetrieval(c, deps, of);
      try {
        if (!route.establishesActingContext) {
          await establishedActingContext(c, retrieval, services);
        }
        const response = await route.handle(c, retrieval, services);
        retrieval.finish();
        return response;
      } catch (error) {
        retrieval.finish(error instanceof AppError ? error.code : 'internal_error');
        throw error;
      }
    });
  }
  return app;
}
