/** What the opendata services need from the platform and other modules, gathered in one place. */
import type { Department } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { AuditLog, Clock } from "../../platform/ports.js";
import type { RateLimiter } from "../../platform/rate-limit.js";
import type { OpendataRepository } from "./repository.js";

export interface OpendataDeps {
  db: Kysely<DB>;
  repo: OpendataRepository;
  audit: AuditLog;
  clock: Clock;
  rateLimiter: RateLimiter;
  /** The org module's cached directory (id → department). */
  departments(): Promise<ReadonlyMap<string, Department>>;
  /** Where the portal is reached (CKAN resource URLs, DCAT IRIs). */
  publicUrl: string;
  timeZone: string;
}

/** Calls one approved key may make per minute (CKAN-speaking scripts page through rows quickly). */
export const KEY_CALLS_PER_MINUTE = 600;
/** CKAN's `ckan.search.rows_max` default: package_search answers at most this many datasets per page. */
export const PACKAGE_ROWS_MAX = 1000;
/** CKAN's `ckan.datastore.search.rows_max` default. */
export const DATASTORE_ROWS_MAX = 32000;
/**
 * Above this many matches datastore_search reports the planner's estimate (CKAN's total_estimation_threshold).
 * Counting is the expensive part of a filtered search: on 1 M rows (bench/opendata.ts, PostgreSQL, shared
 * 2-core machine) counting ~20,000 matches took 433 ms p50 against 15 ms for the page, and a q matching
 * 166,000 rows counted to 100,000 under 50 connections finished no request in 5 s; 10,000 bounds it.
 */
export const TOTAL_ESTIMATION_THRESHOLD = 10_000;
