import type { Logger } from '../logging/logger';

/**
 * What the HTTP plumbing puts on every request's context: its correlation id and a logger that
 * carries it. Capabilities extend it (the session adds `session` and `sessionId`).
 */
export type HttpEnv = {
  Variables: {
    correlationId: string;
    log: Logger;
  };
};
