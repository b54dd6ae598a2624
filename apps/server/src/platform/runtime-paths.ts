import path from "node:path";

/**
 * Files the server reads from disk at run time (everything else — seed data, package.json — is imported
 * and so travels inside the build). Both are found relative to the server package, apps/server/:
 *  - run from the sources by tsx (`npm start`, tests), this file is apps/server/src/platform/runtime-paths.ts;
 *  - in the production build (`npm run build`, scripts/build.mjs) every module is bundled into
 *    apps/server/dist/main.js.
 * The build defines YIWANG_BUNDLE (esbuild `define`); in the sources the name is never declared at run
 * time, so `typeof` tells the two apart without reading the environment. A container image keeps the same
 * layout (see Dockerfile), so nothing here depends on where the repository is.
 */
declare const YIWANG_BUNDLE: boolean | undefined;

const bundled = typeof YIWANG_BUNDLE !== "undefined" && YIWANG_BUNDLE === true;
const serverRoot = path.resolve(import.meta.dirname, bundled ? ".." : "../..");

export const RUNTIME_PATHS = {
  bundled,
  /** The SQL migrations, applied in name order (platform/db/migrator.ts). */
  migrations: path.join(serverRoot, "migrations"),
  /** The built web app (`npm run build:web`); WEB_DIST overrides it. */
  webDist: path.resolve(serverRoot, "../web/dist"),
} as const;
