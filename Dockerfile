# solarproof-mock: `docker build -t solarproof-mock . && docker run -p 4477:4477 solarproof-mock`
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` builds, and the sources are not here yet (they come next).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build-esm.ts scripts/build-cjs.ts scripts/import-meta-url-plugin.ts ./scripts/
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
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SPMOCK_PORT||4477)+'/_emulator/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The server is PID 1 and handles SIGTERM itself: `docker stop` lets attempts in flight finish
# (up to shutdownGraceMs, 5 s) and exits cleanly.
CMD ["node", "dist/cli/main.js"]
