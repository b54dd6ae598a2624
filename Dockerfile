# syntax=docker/dockerfile:1
# The Yiwang production image: `docker build -t yiwang .` at the repository root.
#
# Three stages, so the image holds no compiler, no dev dependency and no source:
#   build    npm ci (all dependencies) and `npm run build`: the web app (apps/web/dist) and the server
#            bundle (apps/server/dist, scripts/build.mjs);
#   deps     npm ci --omit=dev for @yiwang/server only: the packages the bundle imports, nothing of the web
#            app's (React, antd …, which the browser gets prebuilt) or of the tools;
#   runtime  the slim Node image, Debian's WenQuanYi Micro Hei font (license PDFs embed a CJK font subset,
#            platform/pdf/cjk.ts), then deps' node_modules, the migrations, the web app and the bundle, in
#            the repository's layout (platform/runtime-paths.ts finds the files relative to apps/server/).
# Layers are ordered from least to most often changed: system packages, node_modules (changes with the
# lockfile), migrations, web app, server bundle. Only package manifests are copied before `npm ci`, so an
# edit to the sources reuses the dependency layers.
#
# It runs as the unprivileged `node` user (uid 1000) with every file owned by root (read-only to it); the
# only writable place is DATA_DIR (/var/lib/yiwang), which PGlite and the local file store use when
# DATABASE_URL and FILE_STORE=s3 are not set. Nothing else is written: the root file system can be read-only.
#
# Checked without Docker by deploy/deploy.test.ts (syntax, hadolint-style rules, every COPY source present
# and not excluded by .dockerignore).

ARG NODE_VERSION=24.22.3
ARG DEBIAN=trixie

FROM node:${NODE_VERSION}-${DEBIAN}-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY packages/contracts/package.json packages/contracts/
COPY packages/merkle/package.json packages/merkle/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:${NODE_VERSION}-${DEBIAN}-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY packages/contracts/package.json packages/contracts/
COPY packages/merkle/package.json packages/merkle/
# npm nests a package under apps/server/node_modules when two versions are needed; the folder is created
# either way so the runtime stage can copy it.
RUN npm ci --omit=dev --workspace @yiwang/server --no-audit --no-fund \
  && mkdir -p apps/server/node_modules \
  && npm cache clean --force

FROM node:${NODE_VERSION}-${DEBIAN}-slim AS runtime
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-wqy-microhei \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /var/lib/yiwang \
  && chown 1000:1000 /var/lib/yiwang
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000 \
  DATA_DIR=/var/lib/yiwang
WORKDIR /app
COPY --from=deps /app/package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/apps/server/node_modules ./apps/server/node_modules
COPY --from=build /src/apps/server/package.json ./apps/server/
COPY --from=build /src/apps/server/migrations ./apps/server/migrations
COPY --from=build /src/apps/web/dist ./apps/web/dist
COPY --from=build /src/apps/server/dist ./apps/server/dist
USER 1000:1000
EXPOSE 3000
# /healthz is 200 when the database answers and every migration is applied (platform/http/health.ts).
# Node's own fetch: the slim image has no curl.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/apps/server/dist/main.js"]
CMD ["start"]
