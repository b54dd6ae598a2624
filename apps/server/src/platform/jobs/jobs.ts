import { type Kysely, type QueryCreator, sql } from "kysely";
import type { Clock } from "../clock/clock.js";
import type { DB } from "../db/schema.js";
import type { WriteCte } from "../ports.js";
import "./db.js";

/**
 * Durable jobs and timers in PostgreSQL.
 *
 * `schedule(trx, …)` writes a row in the caller's transaction, so a timer commits or rolls back with the state
 * change that wants it. `runDue()` claims one due row per transaction with `FOR UPDATE SKIP LOCKED` (one runner
 * in due order; with `concurrency`, more runners for the kinds registered `parallel`) and runs its
 * handler in the transaction that then deletes (or reschedules) the row: the handler's writes and the job's
 * completion commit together. A crash before commit leaves the job for the next run; the row lock means two
 * processes never run it at once. A failing handler is rolled back to a savepoint taken before it ran, and the
 * job — still locked — gets attempts + 1, the error, and a later run_at (exponential backoff). When the attempts
 * reach the kind's maximum (`register(kind, handler, { maxAttempts })`, default `JobQueueOptions.maxAttempts`),
 * the job is dead instead: `dead_at` is set, it keeps its last error and is never claimed again, until a platform
 * admin re-runs it (dead.service.ts) or the caller schedules its (kind, key) again, which replaces it.
 *
 * Handlers must use the `trx` they are given, never `app.platform.db`: on PGlite (one connection) a query
 * outside the transaction would wait for it forever.
 */

export interface Job {
  /** Identifies this scheduling of (kind, key); scheduling the key again gives the row a new id. */
  id: string;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  /** Failed attempts so far (0 on the first run). */
  attempts: number;
  runAt: Date;
}

// biome-ignore lint/suspicious/noConfusingVoidType: handlers that return nothing complete the job
export type JobHandler = (job: Job, trx: Kysely<DB>) => Promise<void | { reschedule: Date }>;

export interface ScheduleJob {
  kind: string;
  key: string;
  runAt: Date;
  payload?: Record<string, unknown>;
}

export interface RegisterOptions {
  /** Runs (the first included) before the job is dead; default: the queue's `maxAttempts`. */
  maxAttempts?: number;
  /**
   * The kind's jobs may run side by side and in any order (its handler converges whatever the order, as the
   * case rollups do): the queue's extra runners take only such kinds. Other kinds keep running one at a
   * time in due order in each process, as handlers written before the queue ran several at once expect
   * (the archive of a delivered case after its documents, say).
   */
  parallel?: boolean;
}

export interface JobLogger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface JobQueueOptions {
  /** Delay after the first failure; doubled on each further failure. Default 5 s. */
  backoffBaseMs?: number;
  /** Longest delay between attempts. Default 1 h. */
  backoffMaxMs?: number;
  /**
   * Runs of a kind's job (the first included) before it is dead, unless the kind registers its own.
   * Default 10: with the default backoff the last attempt comes about 43 minutes after the first.
   */
  maxAttempts?: number;
  /**
   * Jobs run at once by `runDue`, each in its own transaction on its own connection: one runner takes
   * every kind in due order, the others only kinds registered `parallel`. Default 1. On
   * PostgreSQL a job is mostly waiting for round trips (an event delivery to the case rollups sends about
   * ten), so one at a time delivered 201 jobs/s while the app filed 410 cases/s (bench/cases.ts); handlers
   * are written for several nodes at once already (row and advisory locks), so several in one process are
   * no different. PGlite has one connection: keep 1 there.
   */
  concurrency?: number;
  logger?: JobLogger;
}

const silent: JobLogger = { error() {}, warn() {} };

export class JobQueue {
  readonly #handlers = new Map<string, { handler: JobHandler; maxAttempts: number; parallel: boolean }>();
  readonly #backoffBaseMs: number;
  readonly #backoffMaxMs: number;
  readonly #maxAttempts: number;
  readonly #logger: JobLogger;
  readonly #concurrency: number;
  #timer?: NodeJS.Timeout;
  #inFlight: Promise<unknown> = Promise.resolve();
  #stopped = true;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    options: JobQueueOptions = {},
  ) {
    this.#backoffBaseMs = options.backoffBaseMs ?? 5_000;
    this.#backoffMaxMs = options.backoffMaxMs ?? 3_600_000;
    this.#maxAttempts = checkMaxAttempts(options.maxAttempts ?? 10, "default");
    this.#logger = options.logger ?? silent;
    this.#concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1)
      throw new RangeError("jobs: concurrency must be an integer ≥ 1");
  }

  /**
   * Creates or replaces the job (kind, key) in the caller's transaction; attempts start again at 0. A dead job
   * under the same (kind, key) is replaced too: it comes back to life with the new run_at and payload (its
   * last error is dropped; it was logged when the job died).
   */
  async schedule(trx: Kysely<DB>, job: ScheduleJob): Promise<void> {
    await this.scheduleCte(job)(trx).execute();
  }

  /** `schedule` as a CTE of the caller's statement (an event's deliveries ride on its outbox insert). */
  scheduleCte(job: ScheduleJob): WriteCte {
    return (db) =>
      this.#insert(db, job).onConflict((oc) =>
        oc.columns(["kind", "key"]).doUpdateSet({
          id: sql`gen_random_uuid()`,
          run_at: (eb) => eb.ref("excluded.run_at"),
          payload: (eb) => eb.ref("excluded.payload"),
          attempts: 0,
          last_error: null,
          locked_until: null,
          dead_at: null,
          created_at: (eb) => eb.ref("excluded.created_at"),
        }),
      );
  }

  /**
   * Creates the job (kind, key) unless it exists (pending or dead): how a recurring job is armed at start-up
   * — every node may call it, the first one wins, and a running schedule is not moved.
   */
  async scheduleIfAbsent(trx: Kysely<DB>, job: ScheduleJob): Promise<void> {
    await this.#insert(trx, job)
      .onConflict((oc) => oc.columns(["kind", "key"]).doNothing())
      .execute();
  }

  /** The insert of a new job row (schedule and scheduleIfAbsent differ only in what a conflict does). */
  #insert(trx: QueryCreator<DB>, job: ScheduleJob) {
    if (Number.isNaN(job.runAt.getTime())) throw new RangeError(`job ${job.kind}/${job.key}: invalid runAt`);
    return trx.insertInto("jobs").values({
      kind: job.kind,
      key: job.key,
      run_at: job.runAt,
      payload: JSON.stringify(job.payload ?? {}),
      created_at: this.clock.now(),
    });
  }

  /** Removes the job (kind, key), pending or dead, in the caller's transaction. */
  async cancel(trx: Kysely<DB>, kind: string, key: string): Promise<void> {
    await trx.deleteFrom("jobs").where("kind", "=", kind).where("key", "=", key).execute();
  }

  /**
   * The handler of one kind of job (one per kind, registered at start-up in every process). Every process
   * should register a kind with the same `maxAttempts`: the process whose attempt fails applies its own.
   */
  register(kind: string, handler: JobHandler, options: RegisterOptions = {}): void {
    if (this.#handlers.has(kind)) throw new Error(`job kind already registered: ${kind}`);
    const maxAttempts = checkMaxAttempts(options.maxAttempts ?? this.#maxAttempts, kind);
    this.#handlers.set(kind, { handler, maxAttempts, parallel: options.parallel ?? false });
  }

  /** Pending (not dead) jobs of a kind (tests and diagnostics). */
  async pending(kind: string, trx: Kysely<DB> = this.db): Promise<(Job & { lastError: string | null })[]> {
    const rows = await trx
      .selectFrom("jobs")
      .selectAll()
      .where("kind", "=", kind)
      .where("dead_at", "is", null)
      .orderBy("run_at")
      .execute();
    return rows.map((r) => ({ ...toJob(r), lastError: r.last_error }));
  }

  /**
   * Runs up to `limit` due jobs of registered kinds, one transaction each, `concurrency` at a time; returns
   * how many ran (failed runs included). Jobs of kinds without a handler in this process are left alone.
   */
  runDue(limit = 20): Promise<number> {
    const run = this.#runDue(limit);
    this.#inFlight = Promise.allSettled([this.#inFlight, run]);
    return run;
  }

  async #runDue(limit: number): Promise<number> {
    const kinds = [...this.#handlers.keys()];
    if (kinds.length === 0) return 0;
    const parallel = kinds.filter((k) => this.#handlers.get(k)?.parallel);
    let claims = 0;
    let ran = 0;
    // Each runner takes its place in the count before it claims, so `limit` bounds the jobs run in all.
    const runner = async (of: string[]) => {
      while (claims < limit) {
        claims++;
        if (!(await this.#runOne(of))) return;
        ran++;
      }
    };
    const extra = parallel.length > 0 ? Math.min(this.#concurrency, limit) - 1 : 0;
    const runners = await Promise.allSettled([runner(kinds), ...Array.from({ length: extra }, () => runner(parallel))]);
    for (const r of runners) if (r.status === "rejected") throw r.reason; // after all have stopped
    return ran;
  }

  /** Claims and runs one due job; false when none is due. */
  async #runOne(kinds: string[]): Promise<boolean> {
    let job: Job | undefined;
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom("jobs")
          .selectAll()
          .where("run_at", "<=", this.clock.now())
          .where("dead_at", "is", null)
          .where("kind", "in", kinds)
          .orderBy("run_at")
          .limit(1)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!row) return false;
        job = toJob(row);
        const { handler } = this.#handlers.get(job.kind) as { handler: JobHandler };
        await sql`savepoint yiwang_job`.execute(trx);
        let result: Awaited<ReturnType<JobHandler>>;
        try {
          // No release: the commit ends the savepoint with the transaction (one round trip less per job).
          result = await handler(job, trx);
        } catch (err) {
          await sql`rollback to savepoint yiwang_job`.execute(trx);
          await this.#recordFailure(trx, job, err);
          return true;
        }
        if (result && "reschedule" in result) {
          await trx
            .updateTable("jobs")
            .set({ run_at: result.reschedule, attempts: 0, last_error: null })
            .where("id", "=", job.id)
            .execute();
        } else {
          // By id: if the handler scheduled its own (kind, key) again, the row has a new id and stays.
          await trx.deleteFrom("jobs").where("id", "=", job.id).execute();
        }
        return true;
      });
    } catch (err) {
      // The transaction itself failed (connection lost, commit refused, savepoint unusable): nothing of the
      // run was kept. Record the failure in a fresh transaction when the job is still the same scheduling.
      if (!job) throw err;
      const failed = job;
      await this.db
        .transaction()
        .execute((trx) => this.#recordFailure(trx, failed, err))
        .catch((e) => this.#logger.error({ err: e, job: jobRef(failed) }, "job failure could not be recorded"));
      return true;
    }
  }

  async #recordFailure(trx: Kysely<DB>, job: Job, err: unknown): Promise<void> {
    const attempts = job.attempts + 1;
    const message = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 2000);
    const maxAttempts = this.#handlers.get(job.kind)?.maxAttempts ?? this.#maxAttempts;
    if (attempts >= maxAttempts) {
      // run_at stays the due time of the last attempt; dead_at says when it gave up.
      await trx
        .updateTable("jobs")
        .set({ attempts, last_error: message, dead_at: this.clock.now() })
        .where("id", "=", job.id)
        .execute();
      this.#logger.error({ err, job: jobRef(job), attempts }, "job failed its last attempt; it is dead until re-run");
      return;
    }
    const delay = Math.min(this.#backoffBaseMs * 2 ** Math.min(attempts - 1, 30), this.#backoffMaxMs);
    const runAt = new Date(this.clock.now().getTime() + delay);
    await trx
      .updateTable("jobs")
      .set({ attempts, last_error: message, run_at: runAt })
      .where("id", "=", job.id)
      .execute();
    this.#logger.warn({ err, job: jobRef(job), attempts, retryAt: runAt.toISOString() }, "job failed; will retry");
  }

  /** Polls for due jobs every `intervalMs` until `stop()`. */
  start({ intervalMs }: { intervalMs: number }): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const tick = async () => {
      if (this.#stopped) return;
      try {
        // Drain: keep going while a batch ran anything (runners that found nothing of their kinds still take a
        // place in the batch's limit, so a short batch does not mean nothing more is due).
        while (!this.#stopped && (await this.runDue()) > 0) {}
      } catch (err) {
        this.#logger.error({ err }, "job runner failed");
      }
      if (!this.#stopped) {
        this.#timer = setTimeout(tick, intervalMs);
        this.#timer.unref();
      }
    };
    this.#timer = setTimeout(tick, intervalMs);
    this.#timer.unref();
  }

  /** Stops polling and waits for the run in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    // A run that started while we awaited chains itself onto #inFlight; wait until it is quiet.
    let current: Promise<unknown>;
    do {
      current = this.#inFlight;
      await current;
    } while (current !== this.#inFlight);
  }
}

function toJob(row: {
  id: string;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  attempts: number;
  run_at: Date;
}): Job {
  return {
    id: row.id,
    kind: row.kind,
    key: row.key,
    payload: row.payload ?? {},
    attempts: row.attempts,
    runAt: row.run_at,
  };
}

function checkMaxAttempts(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`jobs (${what}): maxAttempts must be an integer ≥ 1`);
  return n;
}

const jobRef = (job: Job) => ({ id: job.id, kind: job.kind, key: job.key });
