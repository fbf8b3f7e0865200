/**
 * `npm run dev`: the BFF and the local stand-ins behind Vite's dev server, which serves the SPA
 * with hot reload and proxies `/bff`, `/api`, `/health` and `/.well-known` here (web/vite.config.ts).
 * The browser sees one origin, Vite's, so that is the BFF's PUBLIC_ORIGIN and the origin CIS2
 * registers: the `__Host-` cookies, the CSRF origin check and the CIS2 redirect all hold as in
 * production, with nothing relaxed. `tsx watch` restarts this process on a change to the BFF or
 * the stand-ins; sessions are in memory, so a restart signs everyone out.
 */
import { localBanner } from './banner';
import { startLocalEnvironment } from './local-environment';

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const environment = await startLocalEnvironment({
  bffPort: port('PORT', 3000),
  cis2Port: port('CIS2_STANDIN_PORT', 3001),
  apimPort: port('APIM_STANDIN_PORT', 3002),
  publicOrigin: `http://localhost:${port('WEB_DEV_PORT', 5173)}`,
  logLevel: process.env.LOG_LEVEL ?? 'warn',
});

console.log(localBanner(environment));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void environment.close().finally(() => process.exit(0));
  });
}
