# syntax=docker/dockerfile:1
#
# The production image of the BFF, with the built SPA it serves (docs/production.md, "The
# container image"). Build from the repository root: docker build -t ers-bff .
#
# The base is pinned by tag. Pinning by digest as well (node:24.21.0-trixie-slim@sha256:...)
# makes the build reproducible but stops it picking up Debian security fixes until someone moves
# the digest: a choice for your organisation's patching process, so it is left to you.
ARG NODE_IMAGE=node:24.21.0-trixie-slim

# --- build: install the workspace, build the SPA and the BFF, set production dependencies apart
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# pnpm as package.json#packageManager pins it (its sha512 included), through corepack. The
# registry as some networks reach it serves no npm signatures: see scripts/pnpm.mjs.
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_INTEGRITY_KEYS=0
RUN corepack enable
# Manifests first, so a change to the source alone reuses the installed dependencies' layer.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY shared/package.json shared/
COPY fixtures/package.json fixtures/
COPY bff/package.json bff/
COPY web/package.json web/
COPY e2e/package.json e2e/
RUN pnpm install --frozen-lockfile --filter @ers/web... --filter @ers/bff...
COPY tsconfig.base.json ./
COPY shared/ shared/
COPY fixtures/ fixtures/
COPY web/ web/
COPY bff/ bff/
RUN pnpm --filter @ers/web build && pnpm --filter @ers/bff build
# The BFF's production dependencies alone, from the lockfile, with real copies instead of
# workspace links (inject-workspace-packages), so the directory stands on its own.
RUN pnpm --config.inject-workspace-packages=true --filter @ers/bff deploy --prod /deploy

# --- runtime: Node, the bundle, production dependencies and the SPA; no compiler, no stand-ins
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WEB_DIST_DIR=/app/web/dist
WORKDIR /app/bff
COPY --from=build /deploy/package.json ./package.json
COPY --from=build /deploy/node_modules ./node_modules
COPY --from=build /app/bff/dist ./dist
COPY --from=build /app/web/dist /app/web/dist
# The node image's unprivileged user; the files above stay root's, so the process cannot
# change its own code.
USER node
EXPOSE 3000
# Liveness only: readiness (/health/ready) also asks CIS2 and Redis, and a container restarted
# because CIS2 is slow would not make CIS2 faster. The proxy or orchestrator uses readiness.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Compiled JavaScript, not TypeScript at run time: build.mjs bundles src/ and @ers/shared into
# dist/main.js (npm dependencies stay in node_modules), so production needs neither tsx nor
# esbuild, and starts without compiling. Source maps keep stack traces pointing at src/.
# Settings come from the environment; with a settings file, add --env-file=<path> before
# dist/main.js (compose.yaml does). bff/test/production-start.test.ts runs this command.
CMD ["node", "--enable-source-maps", "dist/main.js"]
