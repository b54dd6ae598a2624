/**
 * Several app instances ("nodes") over one database, as a multi-node deployment runs: for tests of what
 * must hold across processes (cache invalidation through LISTEN/NOTIFY). On PGlite the nodes share the one
 * in-process instance (one session: notifications reach every node's listener); on PostgreSQL each node
 * has its own pool and its own listening connection, as separate processes would.
 */
import type { FastifyInstance } from "fastify";
import { buildApp } from "../app.js";
import { CacheListener, CacheRegistry, type Invalidation } from "../platform/cache/index.js";
import { covers } from "../platform/cache/registry.js";
import type { Clock } from "../platform/clock/clock.js";
import { type Database, openDatabase } from "../platform/db/database.js";
import type { TestApp } from "./app.js";
import type { TestDatabase } from "./database.js";

/** The same database through a node's own connections (a second pool on PostgreSQL; PGlite's one session). */
async function ownConnections(database: TestDatabase): Promise<{ database: Database; close(): Promise<void> }> {
  if (!database.url) return { database, close: async () => {} };
  const own = await openDatabase({ databaseUrl: database.url, poolSize: 4 });
  return { database: own, close: () => own.close() };
}

/** Another app over `first`'s database; closing it leaves `first` and the database alone. */
export async function createSecondNode(first: TestApp, options: { clock?: Clock } = {}): Promise<TestApp> {
  const connections = await ownConnections(first.database);
  const app = await buildApp(first.config, { database: connections.database, clock: options.clock });
  await app.ready();
  return {
    app,
    database: first.database,
    config: first.config,
    async close() {
      await app.close();
      await connections.close();
    },
  };
}

/**
 * Resolves with the first invalidation `registry` receives (from its listening connection) that covers the
 * cache `name`. Subscribe before the write; awaiting it is how a test waits for the notification, never a sleep.
 */
export function invalidationOf(registry: CacheRegistry | FastifyInstance, name: string): Promise<Invalidation> {
  const r = registry instanceof CacheRegistry ? registry : registry.platform.cache;
  return new Promise((resolve) => {
    const off = r.onReceive((invalidation) => {
      if (!covers(invalidation.kind, name)) return;
      off();
      resolve(invalidation);
    });
  });
}

/** A cache registry listening on `database`, as another process's would (for services built by hand). */
export async function listeningRegistry(
  database: TestDatabase,
): Promise<{ registry: CacheRegistry; listener: CacheListener; stop(): Promise<void> }> {
  // Database.listen opens its own session on PostgreSQL (and shares PGlite's one), as another process would.
  const registry = new CacheRegistry();
  const listener = new CacheListener(registry, database.listen);
  await listener.start();
  return { registry, listener, stop: () => listener.stop() };
}
