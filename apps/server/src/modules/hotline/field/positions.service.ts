/**
 * Patrol tracks: the field page uploads its positions in batches; each batch is stored with an audit entry
 * whose payload is the batch's positions as stored (the log keeps their SHA-256), in one transaction. The
 * track verifier recomputes every stored batch and asks the log for that hash: a position edited, added or
 * deleted by hand after the fact no longer matches, and the batch is named.
 */
import type { FieldPositionBatch } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../../platform/auth/permissions.js";
import type { DB } from "../../../platform/db/schema.js";
import { auditRecordCheck } from "../../audit/index.js";
import { insideCity } from "../categories.js";
import { actorOf } from "../context.js";
import { HotlineErrors } from "../errors.js";
import type { FieldDeps, FieldService } from "./field.service.js";
import type { PositionRow } from "./repository.js";

export const POSITIONS_AUDIT_TYPE = "hotline.field.positions";
/** A phone may upload what it queued while offline, up to a day late; a fix from the future is refused. */
const MAX_AGE_MS = 24 * 3600_000;
const CLOCK_SKEW_MS = 2 * 60_000;
/** The verifier checks at most this many batches per call (a day of one person posting every 30 s: 2,880). */
const VERIFY_MAX = 20_000;

const subjectOf = (batchId: string) => `hotline-positions:${batchId}`;

/** What the audit entry proves: the batch, whose it is, and each position exactly as stored. */
export function batchPayload(batchId: string, accountId: string, rows: PositionRow[]) {
  return {
    batchId,
    accountId,
    points: rows.map((r) => [r.at.toISOString(), r.lat, r.long, r.accuracy]),
  };
}

export class PositionService {
  constructor(
    private readonly deps: FieldDeps,
    private readonly field: FieldService,
  ) {}

  async store(p: Principal, b: FieldPositionBatch): Promise<{ batchId: string; stored: number }> {
    await this.field.assertFieldStaff(p);
    const now = this.deps.clock.now();
    const points = b.points.map((x) => ({ at: new Date(x.at), lat: x.lat, long: x.long, accuracy: x.accuracy }));
    for (const x of points) {
      const age = now.getTime() - x.at.getTime();
      if (age > MAX_AGE_MS || age < -CLOCK_SKEW_MS) throw HotlineErrors.HOTLINE_POSITION_TIME({ at: x.at });
      if (!insideCity(x.lat, x.long)) throw HotlineErrors.HOTLINE_OUTSIDE_CITY({ lat: x.lat, long: x.long });
    }
    return this.deps.db.transaction().execute(async (trx) => {
      const { batchId, stored } = await this.deps.field.insertBatch(trx, p.id, now, points);
      await this.deps.audit.append(
        {
          type: POSITIONS_AUDIT_TYPE,
          actor: actorOf(p).ref,
          subject: subjectOf(batchId),
          payload: batchPayload(batchId, p.id, stored),
          time: now,
        },
        trx,
      );
      return { batchId, stored: stored.length };
    });
  }

  async track(p: Principal, accountId: string, since: string | undefined) {
    const staff = await this.field.visibleStaff(p, accountId);
    const from = since ? new Date(since) : new Date(this.deps.clock.now().getTime() - 12 * 3600_000);
    const points = await this.deps.field.track(accountId, from);
    return {
      accountId,
      callSign: staff.call_sign,
      points: points.map((x) => ({ at: x.at.toISOString(), lat: x.lat, long: x.long })),
    };
  }

  /** Every batch received since `since` (default: the last 7 days) against the audit log. */
  async verify(since: string | undefined, db: Kysely<DB> = this.deps.db) {
    const from = since ? new Date(since) : new Date(this.deps.clock.now().getTime() - 7 * 24 * 3600_000);
    const batches = await this.deps.field.batchesSince(from, VERIFY_MAX, db);
    const altered: { batchId: string; accountId: string; receivedAt: string; message: string }[] = [];
    let proven = 0;
    for (const b of batches) {
      const rows = await this.deps.field.batchPositions(b.id, db);
      const check = await auditRecordCheck(db, {
        type: POSITIONS_AUDIT_TYPE,
        subject: subjectOf(b.id),
        payload: batchPayload(b.id, b.account_id, rows),
      });
      if (check.verified) proven++;
      if (!check.found)
        altered.push({
          batchId: b.id,
          accountId: b.account_id,
          receivedAt: b.received_at.toISOString(),
          message:
            rows.length === b.points
              ? `position batch ${b.id}: its ${rows.length} stored positions do not match the audit log's hash`
              : `position batch ${b.id}: ${rows.length} positions stored, ${b.points} received and logged`,
        });
    }
    return { ok: altered.length === 0, batchesChecked: batches.length, altered, proven };
  }
}
