/**
 * 信用: records (licences, penalties with a publication period, inspection results, honours, red/black lists
 * with their legal basis), the grade by versioned rules, 信用修复 (evidence, review; an approved repair stops
 * publication and lifts joint punishment), the public 信用查询, and the joint-punishment check that the cases
 * module asks through its CreditCheck port (联合惩戒 only by list and law).
 */
import type {
  CreateCreditRecordRequest,
  CreditProfile,
  CreditRecord,
  CreditRepair,
  CreditRepairRequest,
  CreditSummary,
  DeferralRuleRequest,
  PunishmentRuleRequest,
} from "@yiwang/contracts";
import type { Kysely, Selectable } from "kysely";
import type { z } from "zod";
import type { Principal } from "../../platform/auth/permissions.js";
import { permissionScope } from "../../platform/auth/permissions.js";
import type { Cache } from "../../platform/cache/index.js";
import { localDate } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import { COMPLAINT_WINDOW_MONTHS, type SupervisionDeps } from "./context.js";
import type { CreditPunishmentRulesTable, CreditRecordsTable, CreditRepairsTable } from "./db.js";
import { SupervisionErrors } from "./errors.js";

type RecordRow = Selectable<CreditRecordsTable>;
export const CREDIT_RULES_VERSION = "credit-rules-v1";

/** credit-rules-v1: 100 points; −15 a published penalty, −5 a published adverse inspection, +5 an honour, +10 red list; black list → D. */
export function creditGrade(records: readonly Pick<RecordRow, "kind">[]): "A" | "B" | "C" | "D" {
  if (records.some((r) => r.kind === "blacklist")) return "D";
  const delta = { penalty: -15, inspection: -5, honour: 5, redlist: 10, license: 0, blacklist: 0 } as const;
  const score = records.reduce((s, r) => s + delta[r.kind], 100);
  return score >= 105 ? "A" : score >= 90 ? "B" : score >= 70 ? "C" : "D";
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** 容缺受理 as the cases module reads it: the item's rule and whether the enterprise's grade qualifies. */
export interface DeferralVerdict {
  grade: "A" | "B" | "C" | "D";
  qualifies: boolean;
  grades: string[];
  /** Required materials the rule lets an enterprise defer (optional ones always may be). */
  materials: string[];
  workingDays: number;
}

/** What the cases module asks before filing an enterprise's application (its CreditCheck port). */
export interface CreditVerdict {
  measure: "block" | "flag";
  /** The item rule's legal basis and the black-list record's. */
  legalBasis: string;
  listBasis: string;
}

/** The cache kind of the items' joint-punishment rules; setting a rule invalidates it in its transaction. */
export const CREDIT_RULES_CACHE = "supervision.credit_rules";

type PunishmentRuleRow = Selectable<CreditPunishmentRulesTable>;

export class CreditService {
  /**
   * Every item's punishment rule (a row for the few items a rule names; changed by hand, rarely), asked on
   * every enterprise submission: held in process, so a submission of an item without a rule asks the
   * database nothing about credit.
   */
  readonly #rules: Cache<ReadonlyMap<string, PunishmentRuleRow>>;

  constructor(private readonly deps: SupervisionDeps) {
    this.#rules = deps.cache.cache(CREDIT_RULES_CACHE, { maxEntries: 1 });
  }

  private today() {
    return localDate(this.deps.clock.now(), this.deps.timeZone);
  }

  async createRecord(p: Principal, body: z.infer<typeof CreateCreditRecordRequest>): Promise<CreditRecord> {
    if (body.kind === "penalty") {
      const until = body.publishUntil;
      if (!until || until < addMonths(body.decidedOn, 3) || until > addMonths(body.decidedOn, 36))
        throw SupervisionErrors.CREDIT_PUBLICATION_PERIOD({ decidedOn: body.decidedOn, publishUntil: until ?? null });
    }
    const scope = permissionScope(p, "credit.manage");
    const departmentId = scope && !scope.all ? scope.departmentId : p.departmentId;
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto("credit_records")
        .values({
          uscc: body.uscc,
          kind: body.kind,
          title: body.title,
          legal_basis: body.legalBasis,
          department_id: departmentId,
          decided_on: body.decidedOn,
          publish_until: body.publishUntil ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.append(
        { type: "credit.record.created", actor: `staff:${p.id}`, subject: `enterprise:${body.uscc}`, payload: body },
        trx,
      );
      return recordOut(row);
    });
  }

  /** Records in publication: active (not repaired) and within their publication period. */
  private async published(uscc: string, db: Kysely<DB> = this.deps.db): Promise<RecordRow[]> {
    const today = this.today();
    return db
      .selectFrom("credit_records")
      .selectAll()
      .where("uscc", "=", uscc)
      .where("status", "=", "active")
      .where((eb) => eb.or([eb("publish_until", "is", null), eb("publish_until", ">=", today)]))
      .orderBy("decided_on", "desc")
      .execute();
  }

  /** The public 信用查询 of one enterprise: no natural person's data (no legal representative). */
  async profile(uscc: string): Promise<CreditProfile> {
    const records = await this.published(uscc);
    const target = await this.deps.db
      .selectFrom("supervision_targets")
      .select("name")
      .where("uscc", "=", uscc)
      .executeTakeFirst();
    const name = target?.name ?? (await this.deps.business(uscc))?.name;
    if (!name) throw SupervisionErrors.CREDIT_ENTERPRISE_NOT_FOUND({ uscc });
    return {
      uscc,
      name,
      grade: creditGrade(records),
      rulesVersion: CREDIT_RULES_VERSION,
      blacklisted: records.some((r) => r.kind === "blacklist"),
      records: records.map(recordOut),
    };
  }

  async search(q: string) {
    const term = q.trim();
    const rows = await this.deps.db
      .selectFrom("supervision_targets")
      .select(["uscc", "name"])
      .where((eb) =>
        eb.or([eb("uscc", "=", term.toUpperCase()), eb("name", "like", `%${term.replace(/[%_\\]/g, "\\$&")}%`)]),
      )
      .orderBy("uscc")
      .limit(20)
      .execute();
    if (rows.length === 0) {
      const b = await this.deps.business(term.toUpperCase());
      if (b) rows.push({ uscc: b.uscc, name: b.name });
    }
    const items = [];
    for (const r of rows) items.push({ uscc: r.uscc, name: r.name, grade: creditGrade(await this.published(r.uscc)) });
    return { items };
  }

  async applyRepair(p: Principal, body: z.infer<typeof CreditRepairRequest>): Promise<CreditRepair> {
    if (body.evidence.length === 0) throw SupervisionErrors.CREDIT_EVIDENCE_REQUIRED({});
    return this.deps.db.transaction().execute(async (trx) => {
      const record = await trx
        .selectFrom("credit_records")
        .selectAll()
        .where("id", "=", body.recordId)
        .executeTakeFirst();
      if (!record) throw SupervisionErrors.CREDIT_RECORD_NOT_FOUND({ id: body.recordId });
      if (p.kind !== "citizen" || p.actingFor?.uscc !== record.uscc)
        throw SupervisionErrors.CREDIT_NOT_YOUR_ENTERPRISE({ id: body.recordId });
      if (record.status !== "active" || !["penalty", "blacklist", "inspection"].includes(record.kind))
        throw SupervisionErrors.CREDIT_NOT_REPAIRABLE({ id: record.id, kind: record.kind, status: record.status });
      const pending = await trx
        .selectFrom("credit_repairs")
        .select("id")
        .where("record_id", "=", record.id)
        .where("status", "=", "pending")
        .executeTakeFirst();
      if (pending) throw SupervisionErrors.CREDIT_REPAIR_DECIDED({ pending: pending.id });
      const row = await trx
        .insertInto("credit_repairs")
        .values({
          record_id: record.id,
          uscc: record.uscc,
          applicant_id: p.id,
          reason: body.reason,
          evidence: JSON.stringify(body.evidence),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.append(
        {
          type: "credit.repair.applied",
          actor: `citizen:${p.id}`,
          actingFor: `enterprise:${record.uscc}`,
          subject: `credit-repair:${row.id}`,
          payload: body,
        },
        trx,
      );
      return repairOut(row);
    });
  }

  async repairs(p: Principal): Promise<CreditRepair[]> {
    const scope = permissionScope(p, "credit.manage");
    let q = this.deps.db
      .selectFrom("credit_repairs as r")
      .innerJoin("credit_records as c", "c.id", "r.record_id")
      .selectAll("r");
    if (scope && !scope.all) q = q.where("c.department_id", "=", scope.departmentId);
    const rows = await q.orderBy("r.created_at", "desc").limit(200).execute();
    return rows.map(repairOut);
  }

  async decideRepair(p: Principal, id: string, approve: boolean, note?: string): Promise<CreditRepair> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom("credit_repairs")
        .selectAll()
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw SupervisionErrors.CREDIT_REPAIR_NOT_FOUND({ id });
      const record = await trx
        .selectFrom("credit_records")
        .selectAll()
        .where("id", "=", row.record_id)
        .executeTakeFirstOrThrow();
      const scope = permissionScope(p, "credit.manage");
      if (scope && !scope.all && record.department_id !== scope.departmentId)
        throw SupervisionErrors.CREDIT_REPAIR_NOT_FOUND({ id });
      if (row.status !== "pending") throw SupervisionErrors.CREDIT_REPAIR_DECIDED({ status: row.status });
      const decided = await trx
        .updateTable("credit_repairs")
        .set({
          status: approve ? "approved" : "rejected",
          decided_by: p.id,
          decided_at: this.deps.clock.now(),
          note: note ?? null,
        })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      // An approved repair stops publication (and sharing): the record leaves every published view.
      if (approve)
        await trx.updateTable("credit_records").set({ status: "repaired" }).where("id", "=", record.id).execute();
      await this.deps.audit.append(
        {
          type: approve ? "credit.repair.approved" : "credit.repair.rejected",
          actor: `staff:${p.id}`,
          subject: `credit-repair:${id}`,
          payload: { recordId: record.id, note: note ?? null },
        },
        trx,
      );
      return repairOut(decided);
    });
  }

  async setRule(p: Principal, itemCode: string, body: z.infer<typeof PunishmentRuleRequest>) {
    await this.deps.db.transaction().execute(async (trx) => {
      const values = { measure: body.measure, legal_basis: body.legalBasis };
      await trx
        .insertInto("credit_punishment_rules")
        .values({ item_code: itemCode, ...values })
        .onConflict((oc) => oc.column("item_code").doUpdateSet(values))
        .execute();
      await this.deps.cache.invalidate(trx, CREDIT_RULES_CACHE);
      await this.deps.audit.append(
        { type: "credit.rule.set", actor: `staff:${p.id}`, subject: `catalog-item:${itemCode}`, payload: body },
        trx,
      );
    });
    return { itemCode, ...body };
  }

  async setDeferralRule(p: Principal, itemCode: string, body: z.infer<typeof DeferralRuleRequest>) {
    await this.deps.db.transaction().execute(async (trx) => {
      if (!body.allowDeferredMaterials)
        await trx.deleteFrom("credit_deferral_rules").where("item_code", "=", itemCode).execute();
      else {
        const values = {
          grades: [...new Set(body.grades)].sort(),
          materials: [...new Set(body.materials)],
          working_days: body.workingDays,
          legal_basis: body.legalBasis,
        };
        await trx
          .insertInto("credit_deferral_rules")
          .values({ item_code: itemCode, ...values })
          .onConflict((oc) => oc.column("item_code").doUpdateSet(values))
          .execute();
      }
      await this.deps.audit.append(
        {
          type: "credit.deferral-rule.set",
          actor: `staff:${p.id}`,
          subject: `catalog-item:${itemCode}`,
          payload: body,
        },
        trx,
      );
    });
    return { itemCode, ...body };
  }

  /** The CreditCheck port: the item's 容缺受理 rule and whether this enterprise qualifies (null: no rule). */
  async deferral(trx: Kysely<DB>, q: { itemCode: string; enterpriseUscc: string }): Promise<DeferralVerdict | null> {
    const rule = await trx
      .selectFrom("credit_deferral_rules")
      .selectAll()
      .where("item_code", "=", q.itemCode)
      .executeTakeFirst();
    if (!rule) return null;
    const grade = creditGrade(await this.published(q.enterpriseUscc, trx));
    return {
      grade,
      qualifies: rule.grades.includes(grade),
      grades: rule.grades,
      materials: rule.materials,
      workingDays: rule.working_days,
    };
  }

  /**
   * The applicant enterprise's credit for the clerk and approver handling its case (the CreditCheck port):
   * grade, red/black list entries in publication, counts, and the item's rules as they apply to it.
   */
  async summary(q: { itemCode: string; enterpriseUscc: string; enterpriseName: string }): Promise<CreditSummary> {
    const db = this.deps.db;
    const records = await this.published(q.enterpriseUscc, db);
    const count = (kind: RecordRow["kind"]) => records.filter((r) => r.kind === kind).length;
    const punishment = await this.check(db, q);
    const deferral = await this.deferral(db, q);
    return {
      uscc: q.enterpriseUscc,
      name: q.enterpriseName,
      grade: creditGrade(records),
      rulesVersion: CREDIT_RULES_VERSION,
      lists: records
        .filter(
          (r): r is RecordRow & { kind: "redlist" | "blacklist" } => r.kind === "redlist" || r.kind === "blacklist",
        )
        .map((r) => ({
          kind: r.kind,
          title: r.title,
          legalBasis: r.legal_basis,
          decidedOn: r.decided_on,
          publishUntil: r.publish_until,
        })),
      inspections: count("inspection"),
      penalties: count("penalty"),
      complaints: await this.deps.complaints.countAbout(q.enterpriseUscc, complaintWindowStart(this.deps.clock.now())),
      punishment: punishment && { measure: punishment.measure, legalBasis: punishment.legalBasis },
      deferral: deferral && {
        qualifies: deferral.qualifies,
        grades: deferral.grades as CreditSummary["grade"][],
        materials: deferral.materials,
        workingDays: deferral.workingDays,
      },
    };
  }

  /** The CreditCheck port: the joint-punishment rule that applies to this enterprise and item, if any. */
  async check(db: Kysely<DB>, q: { itemCode: string; enterpriseUscc: string }): Promise<CreditVerdict | null> {
    // Inside a transaction the cache is bypassed (the transaction may hold a rule it has not committed).
    const rules = await this.#rules.read(
      "all",
      async () => {
        const rows = await db.selectFrom("credit_punishment_rules").selectAll().execute();
        return new Map(rows.map((r) => [r.item_code, r]));
      },
      db.isTransaction ? db : undefined,
    );
    const rule = rules.get(q.itemCode);
    if (!rule) return null;
    const listed = (await this.published(q.enterpriseUscc, db)).find((r) => r.kind === "blacklist");
    if (!listed) return null;
    return { measure: rule.measure, legalBasis: rule.legal_basis, listBasis: listed.legal_basis };
  }
}

/** The start of the complaint window: the same instant COMPLAINT_WINDOW_MONTHS months ago. */
function complaintWindowStart(now: Date): Date {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - COMPLAINT_WINDOW_MONTHS);
  return since;
}

function recordOut(r: RecordRow): CreditRecord {
  return {
    id: r.id,
    uscc: r.uscc,
    kind: r.kind,
    title: r.title,
    legalBasis: r.legal_basis,
    decidedOn: r.decided_on,
    publishUntil: r.publish_until,
    status: r.status,
  };
}

function repairOut(r: Selectable<CreditRepairsTable>): CreditRepair {
  return {
    id: r.id,
    recordId: r.record_id,
    uscc: r.uscc,
    reason: r.reason,
    evidence: r.evidence,
    status: r.status,
    note: r.note,
  };
}
