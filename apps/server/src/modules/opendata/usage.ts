/**
 * Usage counts per dataset and day (views of the portal page, CSV downloads, CKAN datastore calls): counted in
 * memory and added to `opendata_dataset_stats` every FLUSH_MS with one upsert per (dataset, day), and once more
 * when the app closes. Counting on the request path costs a map update, not a row lock on the dataset's
 * counter (bench/opendata.ts runs datastore_search at 50 connections on one dataset). A crash loses at most
 * FLUSH_MS of counts: they are statistics, not records — each conditional call is also in the audit log.
 */
import { sql } from "kysely";
import { localDate } from "../../platform/clock/clock.js";
import type { OpendataDeps } from "./context.js";

export type UsageKind = "views" | "downloads" | "api_calls";

const FLUSH_MS = 5_000;

export class UsageCounter {
  #pending = new Map<string, { dataset: string; day: string; views: number; downloads: number; api_calls: number }>();
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: Pick<OpendataDeps, "db" | "clock" | "timeZone">) {}

  count(datasetId: string, kind: UsageKind): void {
    const day = localDate(this.deps.clock.now(), this.deps.timeZone);
    const key = `${datasetId}|${day}`;
    let row = this.#pending.get(key);
    if (!row) {
      row = { dataset: datasetId, day, views: 0, downloads: 0, api_calls: 0 };
      this.#pending.set(key, row);
    }
    row[kind]++;
    this.#timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Adds what was counted since the last flush (tests and the close hook call it directly). */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const rows = [...this.#pending.values()];
    this.#pending = new Map();
    if (rows.length === 0) return this.#flushing;
    this.#flushing = this.#flushing.then(() =>
      this.deps.db
        .insertInto("opendata_dataset_stats")
        .values(
          rows.map((r) => ({
            dataset_id: r.dataset,
            day: r.day,
            views: r.views,
            downloads: r.downloads,
            api_calls: r.api_calls,
          })),
        )
        .onConflict((oc) =>
          oc.columns(["dataset_id", "day"]).doUpdateSet({
            views: sql`opendata_dataset_stats.views + excluded.views`,
            downloads: sql`opendata_dataset_stats.downloads + excluded.downloads`,
            api_calls: sql`opendata_dataset_stats.api_calls + excluded.api_calls`,
          }),
        )
        .execute()
        .then(
          () => undefined,
          // A lost batch of counts must not fail a request or the close: statistics, not records.
          () => undefined,
        ),
    );
    return this.#flushing;
  }
}
