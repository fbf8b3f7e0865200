/**
 * Production entry point: configuration from the environment, the BFF from it (server.ts), then
 * serve until SIGINT or SIGTERM.
 * For the local stand-ins use `local/start-local.ts` instead, which sets the configuration up.
 */
import { serve } from '@hono/node-server';
import { ConfigError, loadConfig } from './config/config';
import { createBff } from './server';
import { createLogger } from './logging/logger';

try {
  const config = loadConfig(process.env);
  const log = createLogger(config.LOG_LEVEL);
  const { app, close } = await createBff(config, log);
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    log.info(
      { host: info.address, port: info.port },
      `BFF listening on ${info.address} port ${info.port}, for ${config.PUBLIC_ORIGIN}`,
    );
  });
  // Finish in-flight requests, then release the session store's connection.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.close(() => void close().finally(() => process.exit(0)));
    });
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
