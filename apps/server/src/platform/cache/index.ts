/** In-process caches of read-mostly data with cross-process invalidation (LISTEN/NOTIFY); see registry.ts. */
import type { FastifyInstance } from "fastify";
import type { Database } from "../db/database.js";
import { CacheListener } from "./listener.js";
import type { CacheRegistry } from "./registry.js";

export { CacheListener } from "./listener.js";
export { CACHE_CHANNEL, Cache, CacheRegistry, type Invalidation, invalidateAllCaches } from "./registry.js";

/** Listens from the moment the app is ready until it closes (the caches serve only meanwhile). */
export function registerCacheListener(
  app: FastifyInstance,
  registry: CacheRegistry,
  database: Database,
  options: { retry?: { initialMs: number; maxMs: number } } = {},
): CacheListener {
  const listener = new CacheListener(registry, database.listen, { log: app.log, retry: options.retry });
  app.addHook("onReady", () => listener.start());
  app.addHook("onClose", () => listener.stop());
  return listener;
}
