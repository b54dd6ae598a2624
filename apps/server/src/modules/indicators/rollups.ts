/**
 * The daily case rollups, maintained from case events and checked against the raw rows.
 *
 * Each case event re-reads the case's fact through the cases module's measure source and replaces the
 * case's previous contribution (kept in `indicator_case_facts`) by the new one: take the old away from its
 * rollup row, add the new to its own. The result depends only on the case's state when the delivery runs,
 * so repeated, late or reordered deliveries converge on the same rollup; an advisory lock per case keeps
 * two nodes from interleaving one case's replacement. A page view reads the rollups, never the cases.
 *
 * The recompute job aggregates the raw case rows with the same definitions and reports every rollup cell
 * that differs (drift) — it reports, it does not repair (a drift is a bug to find, not to paper over).
 */
import type { RecomputeReport } from "@yiwang/contracts";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { DomainEvent } from "../../platform/events/index.js";
import type { Job } from "../../platform/jobs/index.js";
import type { CaseFact } from "../cases/index.js";
import { BACKFILL_JOB, type IndicatorDeps, LIVE_CHANNEL } from "./context.js";
import type { CaseMeasureColumns } from "./db.js";
import { FIGURES, figuresInvalidation } from "./figure-cache.js";
import { MEASURE_COLUMNS } from "./measures.js";
import type { FactRow, RollupKey } from "./repository.js";

/** The case events after which a case may count differently. */
export const CASE_EVENTS = [
  "case.submitted",
  "case.accepted",
  "case.refused",
  "case.supplement_requested",
  "case.supplement_answered",
  "case.suspended",
  "case.resumed",
  "case.decided",
  "case.delivered",
  "case.withdrawn",
  "case.cancelled",
  "case.escalated",
];

const DRIFT_REPORT_MAX = 100;
const BACKFILL_PAGE = 500;

function measuresOf(f: CaseFact): CaseMeasureColumns {
  return {
    volume: f.volume,
    online: f.online,
    decided: f.decided,
    immediate: f.immediate,
    overdue: f.overdue,
    open: f.open,
    elapsed_minutes: f.elapsedMinutes,
    promised_days: f.promisedDays,
  };
}

const zeroMeasures = (): CaseMeasureColumns =>
  Object.fromEntries(MEASURE_COLUMNS.map((c) => [c, 0])) as unknown as CaseMeasureColumns;

const keyOf = (r: RollupKey): RollupKey => ({
  day: r.day,
  department_id: r.department_id,
  region_code: r.region_code,
  item_code: r.item_code,
  channel: r.channel,
});

const keyString = (k: RollupKey) => [k.day, k.department_id, k.region_code, k.item_code, k.channel].join("|");

export class CaseRollups {
  constructor(private readonly deps: IndicatorDeps) {}

  /** The event subscriber: the case of the event counted afresh. */
  handler() {
    return async (event: DomainEvent, trx: Kysely<DB>) => {
      const caseId = event.payload.caseId;
      if (typeof caseId === "string") await this.applyCase(caseId, trx);
    };
  }

  async applyCase(caseId: string, trx: Kysely<DB>): Promise<void> {
    const { repo, clock } = this.deps;
    await sql`select pg_advisory_xact_lock(hashtext(${`indicators:${caseId}`}))`.execute(trx);
    const old = await repo.lockFact(caseId, trx);
    const fact = await this.deps.cases.fact(caseId, trx);
    const now = clock.now();
    const next: FactRow | null = fact
      ? {
          case_id: fact.caseId,
          number: fact.number,
          item_code: fact.itemCode,
          item_name: fact.itemName,
          department_id: fact.departmentId,
          region_code: fact.regionCode,
          channel: fact.channel,
          day: fact.day,
          status: fact.status,
          submitted_at: fact.submittedAt,
          decided_at: fact.decidedAt,
          deadline_date: fact.deadlineDate,
          ...measuresOf(fact),
          updated_at: now,
        }
      : null;
    const oldDay = old ? dayString(old.day) : null;
    const sameCell =
      old &&
      next &&
      keyString({ ...keyOf(old), day: oldDay as string }) === keyString(keyOf(next)) &&
      MEASURE_COLUMNS.every((c) => Number(old[c]) === next[c]);
    const change = {
      deltas: [] as { key: RollupKey; delta: CaseMeasureColumns }[],
      fact: next ?? (old ? { deleted: caseId } : null),
      notify: [] as RawBuilder<unknown>[],
      at: now,
    };
    if (!sameCell && (old || next)) {
      // The old contribution taken away and the new one added; on one row (same cell), as one delta.
      const cells = new Map<string, { key: RollupKey; delta: CaseMeasureColumns }>();
      const add = (key: RollupKey, sign: 1 | -1, m: CaseMeasureColumns) => {
        const k = keyString(key);
        const cell = cells.get(k) ?? { key, delta: zeroMeasures() };
        for (const c of MEASURE_COLUMNS) cell.delta[c] += sign * Number(m[c]);
        cells.set(k, cell);
      };
      if (old) add({ ...keyOf(old), day: oldDay as string }, -1, old);
      if (next) add(keyOf(next), 1, measuresOf(fact as CaseFact));
      change.deltas = [...cells.values()];
      // Every node's live hub hears this when (and only if) the change commits.
      const changed = { day: next?.day ?? oldDay, departmentId: next?.department_id ?? old?.department_id };
      change.notify.push(sql`pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(changed)})`);
      const figures = figuresInvalidation(this.deps.cacheRegistry, trx, FIGURES);
      if (figures) change.notify.push(figures);
    }
    // The rollups, the fact and the notifications: one statement (none for a case never counted, a draft).
    if (change.fact) await repo.replaceContribution(change, trx);
  }

  /**
   * Counts cases filed before the module was deployed (or lost to a bug): one page of cases per run, each
   * counted afresh exactly as an event would, then the job schedules itself for the next page. Safe to run
   * at any time (a counted case is replaced by itself).
   */
  async backfill(job: Job, trx: Kysely<DB>): Promise<void> {
    const after = typeof job.payload.after === "string" ? job.payload.after : null;
    const ids = await this.deps.cases.filedCaseIds(trx, after, BACKFILL_PAGE);
    for (const id of ids) await this.applyCase(id, trx);
    if (ids.length === BACKFILL_PAGE)
      await this.deps.jobs.schedule(trx, {
        kind: BACKFILL_JOB,
        key: "all",
        runAt: this.deps.clock.now(),
        payload: { after: ids[ids.length - 1] },
      });
  }

  /** Starts a backfill from the first case (a running one starts over). */
  async startBackfill(): Promise<{ scheduled: true }> {
    await this.deps.db
      .transaction()
      .execute((trx) =>
        this.deps.jobs.schedule(trx, { kind: BACKFILL_JOB, key: "all", runAt: this.deps.clock.now(), payload: {} }),
      );
    return { scheduled: true };
  }

  /** Recomputes every rollup cell from the raw case rows and records the differences. */
  async recompute(trx: Kysely<DB>): Promise<RecomputeReport> {
    const raw = await this.deps.cases.rollupFromRaw(trx);
    const kept = await this.deps.repo.allRollups(trx);
    const byKey = new Map<string, { rollup: CaseMeasureColumns | null; raw: CaseMeasureColumns | null }>();
    for (const r of kept) byKey.set(keyString(r), { rollup: r, raw: null });
    for (const r of raw) {
      const key = keyString({
        day: r.day,
        department_id: r.departmentId,
        region_code: r.regionCode,
        item_code: r.itemCode,
        channel: r.channel,
      });
      const cell = byKey.get(key) ?? { rollup: null, raw: null };
      cell.raw = {
        volume: r.volume,
        online: r.online,
        decided: r.decided,
        immediate: r.immediate,
        overdue: r.overdue,
        open: r.open,
        elapsed_minutes: r.elapsedMinutes,
        promised_days: r.promisedDays,
      };
      byKey.set(key, cell);
    }
    const drift: RecomputeReport["drift"] = [];
    for (const [key, cell] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
      for (const c of MEASURE_COLUMNS) {
        const a = cell.rollup?.[c] ?? 0;
        const b = cell.raw?.[c] ?? 0;
        if (a !== b && drift.length < DRIFT_REPORT_MAX) drift.push({ key, measure: `cases.${c}`, rollup: a, raw: b });
      }
    }
    const at = this.deps.clock.now();
    await trx
      .insertInto("indicator_recompute_runs")
      .values({ at, rollup_rows: kept.length, raw_rows: raw.length, drift: JSON.stringify(drift) })
      .execute();
    return { at: at.toISOString(), rollupRows: kept.length, rawRows: raw.length, drift };
  }
}

/** A `date` column as YYYY-MM-DD whichever way the driver handed it over. */
export function dayString(d: string | Date): string {
  return typeof d === "string" ? d.slice(0, 10) : d.toISOString().slice(0, 10);
}
