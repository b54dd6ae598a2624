import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** Paths the API server owns; in development they are forwarded to it (npm start serves both on :3000). */
const serverPaths = ["/api", "/healthz", "/docs", "/openapi.json"];
const apiTarget = process.env.YIWANG_API_URL ?? "http://localhost:3000";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: Object.fromEntries(serverPaths.map((p) => [p, { target: apiTarget, changeOrigin: false }])),
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // dist/.vite/manifest.json: scripts/first-load-size.mjs follows it to weigh the landing page's first load.
    manifest: true,
    // Vite warns at 500 kB per chunk; the one chunk above it is ECharts (510 kB raw, 171 kB gzip), loaded only
    // with the exchange statistics tab. What matters to a visitor is the first load, which
    // scripts/first-load-size.mjs limits (200 kB gzip) and fails the build over; this keeps `npm start` quiet.
    chunkSizeWarningLimit: 600,
    // Only React and the router are pinned to a chunk of their own: they change least often, so that file stays
    // cached across deployments. antd is left to Rollup on purpose — forcing it into one chunk would make
    // the landing page download the table, date-picker and form code that only the lazy pages use.
    rollupOptions: {
      // zod's sources carry explanatory comments next to its @__PURE__ annotations, which Rollup reports and
      // drops; nothing to act on, and printed on every `npm start` that builds.
      onwarn(warning, warn) {
        if (warning.code === "INVALID_ANNOTATION" && warning.id?.includes("node_modules/zod/")) return;
        warn(warning);
      },
      output: {
        manualChunks(id) {
          if (/[\\/]node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/.test(id)) return "react";
          return undefined;
        },
      },
    },
  },
});
