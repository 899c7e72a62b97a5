# syntax=docker/dockerfile:1
# The coordinator and the example participants share one image; docker-compose.yml picks the
# entry point per service. Node 20 matches package.json "engines" (>=20.19).
ARG NODE_IMAGE=node:20-slim

# ---- build: install everything, compile, then drop devDependencies -------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Manifests first so that the dependency layer is cached until they change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ---- runtime: compiled code and production dependencies only, as a non-root user ------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The official image ships the unprivileged user "node" (uid 1000).
USER node
EXPOSE 3000
# Liveness only: readiness (PostgreSQL and RabbitMQ reachable) is /health/ready.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and receives SIGTERM directly (no npm wrapper), so graceful shutdown works.
CMD ["node", "dist/src/main.js"]
