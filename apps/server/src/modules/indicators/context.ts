/** What the indicators services need from the platform and other modules, gathered in one place. */
import type { Department, IndicatorValues } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { CacheRegistry } from "../../platform/cache/index.js";
import type { DB } from "../../platform/db/schema.js";
import type { JobQueue } from "../../platform/jobs/index.js";
import type { AuditLog, Clock, Notifier } from "../../platform/ports.js";
import type { CaseMeasureSource } from "../cases/index.js";
import type { FigureCache } from "./figure-cache.js";
import type { ReaderSource } from "./measures.js";
import type { CompiledIndicator } from "./registry.service.js";
import type { IndicatorRepository, RollupSums } from "./repository.js";

/**
 * What a module other than cases gives the indicators: its measures summed over local days [from, to],
 * grouped by day (YYYY-MM-DD), department id, or not at all (key "all"); measure name → count. Only the
 * hotline reader is asked by "region" (its district code), and only for the 大屏 district map.
 */
export interface MeasureReader {
  sums(
    by: "day" | "department" | "region" | null,
    filter: { from: string; to: string; departmentId?: string },
    db: Kysely<DB>,
  ): Promise<Map<string, Record<string, number>>>;
}

export interface IndicatorDeps {
  db: Kysely<DB>;
  repo: IndicatorRepository;
  audit: AuditLog;
  notify: Notifier;
  clock: Clock;
  jobs: JobQueue;
  cases: CaseMeasureSource;
  /** 好差评 and 12345 measures (absent in a build without those modules: their figures are no data). */
  readers: Partial<Record<ReaderSource, MeasureReader>>;
  timeZone: string;
  /** The org module's cached directory (id → department). */
  departments(): Promise<ReadonlyMap<string, Department>>;
  staffWithRole(role: string, departmentId: string | undefined, trx: Kysely<DB>): Promise<string[]>;
  /** The rollup sums per (grouping, range, department), dropped on every rollup change (figure-cache.ts). */
  sumsCache: FigureCache<RollupSums>;
  /** Computed figures of indicator sets with no reader measure, dropped with the sums. */
  valuesCache: FigureCache<IndicatorValues>;
  /** The compiled registry, dropped (with every figure) on every registry edit. */
  definitionsCache: FigureCache<Map<string, CompiledIndicator>>;
  cacheRegistry: CacheRegistry;
  /** HMAC key of the public embed links. */
  embedKey: Buffer;
}

/** The pg_notify channel that tells every node's live hub a rollup changed. */
export const LIVE_CHANNEL = "yiwang_indicators";
export const ALERT_JOB = "indicators.alert";
export const RECOMPUTE_JOB = "indicators.recompute";
/** The one daily recompute's job key. */
export const RECOMPUTE_KEY = "daily";
export const BACKFILL_JOB = "indicators.backfill";
/** The longest range a figure is asked for. */
export const MAX_RANGE_DAYS = 366;
