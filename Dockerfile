# solarproof-mock: `docker build -t solarproof-mock . && docker run -p 4477:4477 solarproof-mock`
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` builds, and the sources are not here yet (they come next).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build-esm.ts scripts/build-cjs.ts scripts/import-meta-url-plugin.ts scripts/ascii-only.ts scripts/cheap-name-helper.ts scripts/precomputed-mime-types.ts scripts/cold-dependencies.ts scripts/library-entries.ts scripts/lazy-builtins.ts scripts/zod-english-only.ts ./scripts/
COPY src ./src
RUN npm run build

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    SPMOCK_HOST=0.0.0.0 \
    SPMOCK_PORT=4477
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY fixtures ./fixtures
COPY ui ./ui
# A place for --data-dir / SPMOCK_DATA_DIR (mount a volume on it); the node user can write it.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 4477
# Healthy within about a second of the server answering: a probe every second, made cheap (bash's
# /dev/tcp, no process but bash; node -e would cost ~40 ms of CPU each). Not --start-interval:
# Docker Engine < 25 (Debian's docker.io 20.10 among them) rejects the whole Dockerfile with it
# (docs/decisions/0014-healthcheck-every-second.md).
HEALTHCHECK --interval=1s --timeout=2s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SPMOCK_PORT:-4477} && printf 'GET /_emulator/health HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# The server is PID 1 and handles SIGTERM itself: `docker stop` lets attempts in flight finish
# (up to shutdownGraceMs, 5 s) and exits cleanly.
CMD ["node", "dist/cli/main.js"]
