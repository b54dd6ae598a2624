import { AsyncLocalStorage } from "node:async_hooks";
import {
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  type TransactionBuilder,
  type TransactionSettings,
} from "kysely";

/**
 * The one-connection rule: code running inside `db.transaction().execute(trx => …)` uses `trx`, never the
 * root `db`. Breaking it is silent and different on each driver — PGlite has one connection, so asking
 * for a second while the transaction holds it waits forever; on PostgreSQL the query runs on another pool
 * connection, outside the transaction (it cannot see the transaction's rows, and its writes commit even
 * when the transaction rolls back). Both drivers therefore refuse it the same way, at once, naming the
 * call site: each transaction marks its async context (AsyncLocalStorage), and the driver throws when a
 * connection is asked for from a context whose transaction is still open.
 *
 * Work started inside a transaction but running after it ended (a fire-and-forget after commit) may use
 * `db` again: the mark is cleared when the transaction settles.
 */
interface TransactionScope {
  state: "starting" | "holding" | "ended";
  /** Where the transaction was started; formatted only for the error message (capturing is cheap). */
  readonly startedAt: Error;
  /** Run once the transaction has committed (never after a rollback); see `afterCommit`. */
  committed?: (() => void)[];
}

const scopes = new AsyncLocalStorage<TransactionScope>();
/** The scope of each open transaction's `trx`, for `afterCommit`. */
const scopeOf = new WeakMap<object, TransactionScope>();

/**
 * Runs `fn` once `trx`'s transaction has committed — at once when `trx` is not a transaction (its
 * statements have committed already). Nothing runs after a rollback. For work that must follow the commit
 * in this process only (e.g. dropping a cached value the change made stale); anything durable belongs in
 * the transaction (jobs, outbox). `fn` must not throw; if it does, the error becomes a process warning, not the caller's.
 */
export function afterCommit(trx: Kysely<unknown> | { isTransaction: boolean }, fn: () => void): void {
  const scope = scopeOf.get(trx);
  if (!scope) {
    if (trx.isTransaction) throw new Error("afterCommit: a transaction not started through GuardedKysely");
    fn();
    return;
  }
  scope.committed ??= [];
  scope.committed.push(fn);
}

export class SecondConnectionError extends Error {
  constructor(
    readonly callSite: string,
    readonly transactionSite: string,
  ) {
    super(
      "A second database connection was asked for inside an open transaction: use the transaction's `trx`, not " +
        "the root `db` (on PGlite this would wait forever; on PostgreSQL it would run outside the transaction).\n" +
        `  asked for at: ${callSite}\n  transaction started at: ${transactionSite}`,
    );
    this.name = "SecondConnectionError";
  }
}

/** A stack deep enough to reach past Kysely's frames to the application's. */
function captureStack(): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const here = new Error();
  Error.stackTraceLimit = limit;
  return here;
}

// This file's frames, by its source path: in the production bundle (apps/server/dist/server.js) every module
// shares one file, and the source map names the original one (scripts/build.mjs).
const THIS_FILE = "/platform/db/connection-guard.ts:";

/** The first stack frame outside Kysely, this file and Node's internals: the application's call site. */
function callSite(captured: Error): string {
  const frames = (captured.stack ?? "").split("\n").slice(1);
  const own = frames.find(
    (f) => !/node_modules|node:internal|<anonymous>/.test(f) && !f.includes(THIS_FILE) && /:\d+:\d+\)?$/.test(f),
  );
  return (own ?? frames[0] ?? "(unknown)").trim().replace(/^at /, "");
}

/** Kysely whose transactions mark their async context; use with a driver wrapped by `guardDialect`. */
export class GuardedKysely<DB> extends Kysely<DB> {
  override transaction(): TransactionBuilder<DB> {
    return guardBuilder(super.transaction());
  }
}

function guardBuilder<DB>(builder: TransactionBuilder<DB>): TransactionBuilder<DB> {
  const execute = builder.execute.bind(builder);
  const setIsolationLevel = builder.setIsolationLevel.bind(builder);
  const setAccessMode = builder.setAccessMode.bind(builder);
  return Object.assign(builder, {
    execute: <T>(callback: Parameters<typeof execute<T>>[0]): Promise<T> => {
      const outer = scopes.getStore();
      if (outer?.state === "holding") return Promise.reject(secondConnection(outer));
      const scope: TransactionScope = { state: "starting", startedAt: captureStack() };
      return scopes.run(scope, async () => {
        try {
          const result = await execute((trx) => {
            scopeOf.set(trx, scope);
            return callback(trx);
          });
          scope.state = "ended";
          for (const fn of scope.committed ?? []) {
            try {
              fn();
            } catch (error) {
              // The change has committed: the caller must not see it as failed.
              process.emitWarning(error as Error, "AfterCommitWarning");
            }
          }
          return result;
        } finally {
          scope.state = "ended";
        }
      });
    },
    setIsolationLevel: (...a: Parameters<typeof setIsolationLevel>) => guardBuilder(setIsolationLevel(...a)),
    setAccessMode: (...a: Parameters<typeof setAccessMode>) => guardBuilder(setAccessMode(...a)),
  });
}

function secondConnection(scope: TransactionScope): SecondConnectionError {
  return new SecondConnectionError(callSite(captureStack()), callSite(scope.startedAt));
}

/** Wraps a dialect so its driver refuses a connection asked for inside an open transaction. */
export function guardDialect(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new GuardedDriver(dialect.createDriver()),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}

class GuardedDriver implements Driver {
  constructor(private readonly inner: Driver) {}

  init() {
    return this.inner.init();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    const scope = scopes.getStore();
    if (scope?.state === "starting")
      scope.state = "holding"; // the transaction's own connection
    else if (scope?.state === "holding") return Promise.reject(secondConnection(scope));
    return this.inner.acquireConnection();
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(connection);
  }
  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection(connection);
  }
  destroy() {
    return this.inner.destroy();
  }
}
