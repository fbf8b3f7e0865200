import type { Logger } from '../logging/logger';
import type { Session } from '../session/session';

/** The Hono context, typed once for every route and middleware. */
export type AppEnv = {
  Variables: {
    correlationId: string;
    log: Logger;
    session: Session;
    sessionId: string;
  };
};
