import { z } from "zod";
import { isoInstant, uuid } from "./common.js";

/**
 * A dead job (死信任务): its handler failed the kind's maximum number of attempts, so the platform stopped
 * retrying it. The payload is left out on purpose: platform admins see what failed and why, not the data.
 */
export const DeadJob = z
  .object({
    id: uuid,
    kind: z.string().describe("The job kind, e.g. case.deadline or event:<subscriber>"),
    key: z.string().describe("What it is about within its kind, e.g. a case id or an event id"),
    attempts: z.number().int().describe("Runs that failed"),
    lastError: z.string().nullable().describe("The error of the last attempt"),
    runAt: isoInstant.describe("When the last attempt was due"),
    deadAt: isoInstant.describe("When the platform gave up on it"),
    createdAt: isoInstant.describe("When it was scheduled"),
  })
  .meta({ id: "DeadJob" });
export type DeadJob = z.infer<typeof DeadJob>;

export const DeadJobListQuery = z.object({
  kind: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type DeadJobListQuery = z.infer<typeof DeadJobListQuery>;

export const DeadJobList = z
  .object({
    /** Newest first. */
    items: z.array(DeadJob),
    /** How many match the query (for paging). */
    total: z.number().int(),
    /** Dead jobs of every kind, whatever the query (for the kind filter). */
    kinds: z.array(z.object({ kind: z.string(), count: z.number().int() })),
  })
  .meta({ id: "DeadJobList" });
export type DeadJobList = z.infer<typeof DeadJobList>;

/** A job put back to pending by a re-run: attempts start again at 0 and it is due at once. */
export const RetriedJob = z
  .object({ id: uuid, kind: z.string(), key: z.string(), attempts: z.number().int(), runAt: isoInstant })
  .meta({ id: "RetriedJob" });
export type RetriedJob = z.infer<typeof RetriedJob>;
