import type { DeadJob, DeadJobList, DeadJobListQuery, RetriedJob } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Clock } from "../clock/clock.js";
import type { Platform } from "../context.js";
import type { DB } from "../db/schema.js";
import { DeadJobRepository, type JobRow } from "./dead.repository.js";
import { JobErrors } from "./errors.js";

/**
 * What platform admins do with dead jobs: look at them (with their last error) and re-run one. A re-run puts
 * the job back to pending, due now, with attempts at 0 — so it gets its kind's full number of attempts again —
 * and is audited in the same transaction. It does not run the handler itself: the job queue's next `runDue()`
 * in any process does, in the usual way (one transaction, row lock).
 */
export class DeadJobService {
  readonly #repo: DeadJobRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: Pick<Platform["audit"], "append">,
  ) {
    this.#repo = new DeadJobRepository(db);
  }

  async list(query: DeadJobListQuery): Promise<DeadJobList> {
    const [{ rows, total }, kinds] = await Promise.all([this.#repo.list(query), this.#repo.countByKind()]);
    return { items: rows.map(toDeadJob), total, kinds };
  }

  /** Dead jobs per kind (the jobs_dead metric). */
  countByKind(): Promise<{ kind: string; count: number }[]> {
    return this.#repo.countByKind();
  }

  async retry(id: string, actor: string): Promise<RetriedJob> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.#repo.lock(id, trx);
      if (!row) throw JobErrors.JOB_NOT_FOUND({ id });
      if (!row.dead_at) throw JobErrors.JOB_NOT_DEAD({ id, kind: row.kind });
      const runAt = this.clock.now();
      await this.#repo.revive(id, runAt, trx);
      await this.audit.append(
        {
          type: "job.retried",
          actor,
          subject: `job:${id}`,
          payload: { ...toDeadJob(row), payload: row.payload },
        },
        trx,
      );
      return { id, kind: row.kind, key: row.key, attempts: 0, runAt: runAt.toISOString() };
    });
  }
}

function toDeadJob(row: JobRow): DeadJob {
  return {
    id: row.id,
    kind: row.kind,
    key: row.key,
    attempts: row.attempts,
    lastError: row.last_error,
    runAt: row.run_at.toISOString(),
    deadAt: (row.dead_at as Date).toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}
