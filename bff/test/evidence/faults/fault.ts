/**
 * A fault row: the dependency, the fault injected, and a run that asserts a bounded, clear
 * answer (a status and a problem code the SPA can explain, within the deadline that applies)
 * and that nothing was lost (the session still works, or nothing half-made was left behind).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { problemOf } from '../../support/harness';

export type Dependency =
  'e-RS' | 'object store' | 'APIM' | 'CIS2' | 'session store' | 'BFF instance';

export type FaultRow = {
  dependency: Dependency;
  fault: string;
  run(): Promise<void>;
};

/** The answer is this status with this problem code: a user-facing problem, not a hang or a 500. */
export async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(await problemOf(response)).toMatchObject({ code });
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A real HTTP server on loopback, for what a MockAgent cannot do (stall, reset, refuse). */
export async function startServer(handler: Handler) {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
