/**
 * A BFF server that listens before the BFF exists: the stand-ins must be told its origin (with
 * the port the system picked) before the BFF can be configured against them. Until the app is
 * attached, every request is a 503.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

type Fetch = (request: Request) => Response | Promise<Response>;

export type ListeningFirst = {
  port: number;
  origin: string;
  attach(fetch: Fetch): void;
  close(): Promise<void>;
};

export async function listenFirst(port: number): Promise<ListeningFirst> {
  let app: Fetch | undefined;
  const server: ServerType = await new Promise((resolve) => {
    const listening = serve(
      {
        fetch: (request) => app?.(request) ?? new Response('starting', { status: 503 }),
        port,
        hostname: '127.0.0.1',
      },
      () => resolve(listening),
    );
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    port: actualPort,
    origin: `http://localhost:${actualPort}`,
    attach(fetch) {
      app = fetch;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
