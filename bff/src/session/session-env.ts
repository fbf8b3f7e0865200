import type { HttpEnv } from '../http/http-env';
import type { Session } from './session';

/** The Hono context of a request that `requireSession` let through. */
export type SessionEnv = {
  Variables: HttpEnv['Variables'] & {
    session: Session;
    sessionId: string;
  };
};
