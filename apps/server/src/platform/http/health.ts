import { Health } from "@yiwang/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import serverPackage from "../../../package.json" with { type: "json" };
import { pendingMigrations, readMigrationFiles } from "../db/migrator.js";

const VERSION = serverPackage.version;

/**
 * Liveness + readiness in one: 200 when the database answers and every migration file shipped with this
 * build has been applied; 503 otherwise (a load balancer then takes the node out of rotation).
 */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const files = readMigrationFiles();
  app.get(
    "/healthz",
    {
      schema: { tags: ["operations 运维"], summary: "健康检查 / Health check", response: { 200: Health, 503: Health } },
    },
    async (_req, reply) => {
      const { db, database } = app.platform;
      const started = performance.now();
      let dbOk = true;
      let migrations = { applied: 0, pending: files.map((f) => f.name) };
      try {
        migrations = await pendingMigrations(db, files);
      } catch (err) {
        app.log.warn({ err }, "health check: database unavailable");
        dbOk = false;
      }
      const latencyMs = Math.round((performance.now() - started) * 100) / 100;
      const current = dbOk && migrations.pending.length === 0;
      const body: Health = {
        status: current ? "ok" : "degraded",
        database: { ok: dbOk, driver: database.driver, latencyMs },
        migrations: { current, applied: migrations.applied, pending: migrations.pending },
        version: VERSION,
      };
      return reply.status(current ? 200 : 503).send(body);
    },
  );
};
