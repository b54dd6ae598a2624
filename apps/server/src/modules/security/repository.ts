import { type Kysely, type Selectable, sql } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { SecurityAlertsTable } from "./db.js";
import "./db.js";

export type AlertRow = Selectable<SecurityAlertsTable>;

export interface RaiseAlert {
  kind: AlertRow["kind"];
  subject: string;
  /** Events counted by this detection when it opens a new alert (e.g. the lockouts in the window). */
  occurrences: number;
  /** Events it adds to an alert already open (e.g. the one new lockout). */
  increment: number;
  details: Record<string, unknown>;
  at: Date;
}

/** SQL over security_alerts and security_signals; no rules here. */
export class SecurityRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Opens an alert, or adds to the open one of the same kind and subject (the partial unique index
   * `security_alerts_open` makes this one statement, race-free across processes). `opened` is true when the
   * row is new (xmax = 0 on a freshly inserted row, on PostgreSQL and PGlite alike).
   */
  async raise(trx: Kysely<DB>, a: RaiseAlert): Promise<{ row: AlertRow; opened: boolean }> {
    const r = await trx
      .insertInto("security_alerts")
      .values({
        kind: a.kind,
        subject: a.subject,
        occurrences: a.occurrences,
        details: JSON.stringify(a.details),
        first_seen_at: a.at,
        last_seen_at: a.at,
      })
      .onConflict((oc) =>
        oc
          .columns(["kind", "subject"])
          .where("acknowledged_at", "is", null)
          .doUpdateSet({
            occurrences: sql`security_alerts.occurrences + ${a.increment}`,
            detections: sql`security_alerts.detections + 1`,
            details: (eb) => eb.ref("excluded.details"),
            last_seen_at: sql`greatest(security_alerts.last_seen_at, excluded.last_seen_at)`,
          }),
      )
      .returningAll()
      .returning(sql<boolean>`xmax = 0`.as("opened"))
      .executeTakeFirstOrThrow();
    const { opened, ...row } = r;
    return { row, opened };
  }

  async list(f: {
    status?: "open" | "acknowledged";
    kind?: string;
    limit: number;
    offset: number;
  }): Promise<{ rows: AlertRow[]; total: number; open: number }> {
    let q = this.db.selectFrom("security_alerts");
    if (f.status) q = q.where("acknowledged_at", f.status === "open" ? "is" : "is not", null);
    if (f.kind) q = q.where("kind", "=", f.kind as AlertRow["kind"]);
    const rows = await q
      .selectAll()
      .orderBy("last_seen_at", "desc")
      .orderBy("id")
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    const { total } = await q.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
    const { open } = await this.db
      .selectFrom("security_alerts")
      .where("acknowledged_at", "is", null)
      .select((eb) => eb.fn.countAll<number>().as("open"))
      .executeTakeFirstOrThrow();
    return { rows, total: Number(total), open: Number(open) };
  }

  find(id: string, db: Kysely<DB> = this.db): Promise<AlertRow | undefined> {
    return db.selectFrom("security_alerts").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** Acknowledges an open alert; undefined when it is not open (any more). */
  acknowledge(trx: Kysely<DB>, id: string, by: string, at: Date, note: string | null): Promise<AlertRow | undefined> {
    return trx
      .updateTable("security_alerts")
      .set({ acknowledged_by: by, acknowledged_at: at, acknowledge_note: note })
      .where("id", "=", id)
      .where("acknowledged_at", "is", null)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Records a signal and returns the signals of its kind within (at − windowMs, at], with their subjects.
   * Rows older than two windows are deleted here, so the table holds only what a window can still count.
   */
  async signal(trx: Kysely<DB>, s: { kind: string; subject: string; at: Date; windowMs: number }): Promise<string[]> {
    await trx
      .deleteFrom("security_signals")
      .where("kind", "=", s.kind)
      .where("occurred_at", "<", new Date(s.at.getTime() - 2 * s.windowMs))
      .execute();
    await trx.insertInto("security_signals").values({ kind: s.kind, subject: s.subject, occurred_at: s.at }).execute();
    const rows = await trx
      .selectFrom("security_signals")
      .select("subject")
      .where("kind", "=", s.kind)
      .where("occurred_at", ">", new Date(s.at.getTime() - s.windowMs))
      .where("occurred_at", "<=", s.at)
      .orderBy("occurred_at")
      .execute();
    return rows.map((r) => r.subject);
  }
}
