/**
 * The nightly match (每晚匹配): one durable job (`policies.match`, key "nightly") that runs the match at
 * NIGHTLY_HOUR local time and re-arms itself for the next night. Publishing a benefit arms it; the run is in
 * the job's transaction, so its matches, entitlements and notices commit with the job's completion.
 */
import type { Kysely } from "kysely";
import { localDate } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import type { JobQueue } from "../../platform/jobs/index.js";
import { NIGHTLY_HOUR, NIGHTLY_JOB, NIGHTLY_KEY, type PoliciesDeps } from "./context.js";
import type { MatchingService } from "./matching.service.js";

/** The UTC offset of `timeZone` at `instant`, in minutes (e.g. +480 for Asia/Shanghai). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(instant)
    .find((p) => p.type === "timeZoneName")?.value;
  const m = name ? /GMT([+-])(\d{2}):(\d{2})/.exec(name) : null;
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The next NIGHTLY_HOUR:00 local time strictly after `now`. */
export function nextNight(now: Date, timeZone: string): Date {
  const today = localDate(now, timeZone);
  for (let days = 0; days < 3; days++) {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    const at = new Date(d.getTime() + NIGHTLY_HOUR * 3_600_000 - offsetMinutes(d, timeZone) * 60_000);
    if (at > now) return at;
  }
  throw new Error("unreachable");
}

export class NightlyMatch {
  constructor(
    private readonly deps: PoliciesDeps,
    private readonly jobs: JobQueue,
    private readonly matching: MatchingService,
  ) {
    jobs.register(NIGHTLY_JOB, async (_job, trx) => {
      await this.matching.run(trx, "system");
      return { reschedule: nextNight(this.deps.clock.now(), this.deps.timeZone) };
    });
  }

  /** Schedules the next night's run unless one is pending. */
  async arm(trx: Kysely<DB>): Promise<void> {
    const pending = await this.jobs.pending(NIGHTLY_JOB, trx);
    if (pending.length > 0) return;
    await this.jobs.schedule(trx, {
      kind: NIGHTLY_JOB,
      key: NIGHTLY_KEY,
      runAt: nextNight(this.deps.clock.now(), this.deps.timeZone),
    });
  }
}
