# syntax=docker/dockerfile:1
# The coordinator and the example participants share one image; docker-compose.yml picks the
# entry point per service (dist/src/main.js, examples/order/dist/<participant>/main.js) and
# passes the example definition file to the coordinator. Node 24, an LTS line supported until
# April 2028 (Node 20 reached its end of life in April 2026); package.json "engines" stays >=20.19,
# the oldest line the code runs on. Another image: docker build --build-arg NODE_IMAGE=node:22-slim .
ARG NODE_IMAGE=node:24-slim

# ---- build: install everything, compile, then drop devDependencies -------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Manifests first (the root's and every npm workspace's) so that the dependency layer is cached
# until they change.
COPY package.json package-lock.json ./
COPY packages/contracts/package.json ./packages/contracts/
COPY packages/participant/package.json ./packages/participant/
COPY packages/conformance/package.json ./packages/conformance/
COPY packages/client/package.json ./packages/client/
COPY examples/order/package.json ./examples/order/
COPY examples/plain-amqplib/package.json ./examples/plain-amqplib/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsconfig.packages.json nest-cli.json ./
COPY packages ./packages
COPY examples ./examples
COPY src ./src
COPY migrations ./migrations
# The packages and examples (tsc -b), then the service (nest build).
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
# node_modules links the workspaces (@saga-coordinator/*) to these folders: their manifests and builds.
COPY --from=build --chown=node:node /app/packages/contracts/package.json ./packages/contracts/package.json
COPY --from=build --chown=node:node /app/packages/contracts/dist ./packages/contracts/dist
COPY --from=build --chown=node:node /app/packages/participant/package.json ./packages/participant/package.json
COPY --from=build --chown=node:node /app/packages/participant/dist ./packages/participant/dist
COPY --from=build --chown=node:node /app/examples/order/package.json ./examples/order/package.json
COPY --from=build --chown=node:node /app/examples/order/dist ./examples/order/dist
COPY --from=build --chown=node:node /app/examples/order/order.definition.json ./examples/order/order.definition.json
# The official image ships the unprivileged user "node" (uid 1000).
USER node
EXPOSE 3000
# Liveness only: readiness (PostgreSQL and RabbitMQ reachable) is /health/ready.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and receives SIGTERM directly (no npm wrapper), so graceful shutdown works.
CMD ["node", "dist/src/main.js"]
