/**
 * One more BFF instance over real HTTP, beside the local environment's: the same configuration,
 * so the same CIS2 registration, keys and (with REDIS_URL) sessions, as a second instance behind
 * a load balancer would have.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import { createBff, type BffOverrides } from '../../src/server';

export type ServedBff = { origin: string; close(): Promise<void> };

export async function serveBff(config: Config, overrides: BffOverrides = {}): Promise<ServedBff> {
  const bff = await createBff(config, createLogger('silent'), overrides);
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: bff.app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(started),
    );
  });
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bff.close();
    },
  };
}
