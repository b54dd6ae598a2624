/**
 * 双随机: plans, the commitment of their rosters in the audit log, and the draw once the seed exists.
 *
 * commit: rosters and parameters are frozen into the draw record and their hash is written to the audit log
 * (`supervision.draw.committed`) in the same transaction. The seed is the audit log's root hash at tree size
 * commitment index + 2 — a value that does not exist when the commitment is written. execute: once the log
 * has grown that far, the draw runs (draw.ts), the record gets seed and result (then immutable, enforced by a
 * trigger), and one visit per drawn target is created with every department's check items.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { CreatePlanRequest, DrawRecord, DrawRecusal, SupervisionPlan } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import { permissionScope } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { BEACON_OFFSET, LAST_YEAR_DAYS, type SupervisionDeps } from "./context.js";
import type { SupervisionPlansTable, VisitCheckRow } from "./db.js";
import {
  canonicalJson,
  canonicalRosters,
  DRAW_ALGORITHM,
  type DrawParams,
  type DrawResult,
  NotEnoughInspectors,
  publicInspectors,
  type RosterInspector,
  type RosterTarget,
  rosterHash,
  runDraw,
  sha256Hex,
} from "./draw.js";
import { SupervisionErrors } from "./errors.js";
import { managedDepartment } from "./roster.service.js";

export const DRAW_RECIPE =
  "1) GET /api/supervision/draws/{id}; 2) find the audit entry `supervision.draw.committed` with subject " +
  "supervision-draw:{id} (in the record: `commitment.leafInput`) and check its payloadHash = SHA-256(JCS({algorithm, drawId, " +
  "rosterHash})) and rosterHash = SHA-256(JCS({algorithm, params, targets, inspectors})) — inspectors carry salted " +
  "recusal commitments, not their district or relationships; 3) the seed is the root " +
  "hash of the audit log at tree size leafIndex + 2: `commitment.inclusionProof` proves the commitment is in that tree " +
  "(RFC 9162; compare with a signed tree head through /api/audit/v1/get-sth-consistency); 4) re-run " +
  "yiwang-draw-v2 (docs/modules/supervision-draw.md) — or `node verify-draw.mjs record.json`; an auditor adds " +
  "`--recusal=recusal.json` (GET /api/supervision/draws/{id}/recusal) to check recusal too.";

type PlanRow = { id: string } & Omit<import("kysely").Selectable<SupervisionPlansTable>, "id">;

export class PlanService {
  constructor(private readonly deps: SupervisionDeps) {}

  async create(p: Principal, body: CreatePlanRequest): Promise<SupervisionPlan> {
    const lead = managedDepartment(p);
    return this.deps.db.transaction().execute(async (trx) => {
      const items = await trx
        .selectFrom("supervision_items")
        .select(["id", "department_id"])
        .where("id", "in", body.itemIds)
        .execute();
      if (items.length !== new Set(body.itemIds).size)
        throw SupervisionErrors.SUPERVISION_ITEM_NOT_FOUND({ itemIds: body.itemIds });
      const departments = [...new Set(items.map((i) => i.department_id))].sort();
      const quota = Object.fromEntries(Object.entries(body.quota).filter(([, q]) => q !== undefined)) as Record<
        string,
        { ratio: number } | { count: number }
      >;
      if (Object.keys(quota).length === 0) throw SupervisionErrors.SUPERVISION_ROSTER_EMPTY({ quota: "none" });
      const row = await trx
        .insertInto("supervision_plans")
        .values({
          name: body.name,
          lead_department_id: lead,
          department_ids: departments,
          item_ids: [...new Set(body.itemIds)],
          filter: JSON.stringify(body.filter ?? {}),
          quota: JSON.stringify(quota),
          inspectors_per_dept: body.inspectorsPerDept,
          created_by: p.id,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.append(
        {
          type: "supervision.plan.created",
          actor: `staff:${p.id}`,
          subject: `supervision-plan:${row.id}`,
          payload: body,
        },
        trx,
      );
      return planOut(row, null);
    });
  }

  async list(p: Principal): Promise<SupervisionPlan[]> {
    const scope = permissionScope(p, "supervision.manage");
    let q = this.deps.db
      .selectFrom("supervision_plans as p")
      .leftJoin("supervision_draws as d", "d.plan_id", "p.id")
      .selectAll("p")
      .select("d.id as draw_id");
    if (scope && !scope.all)
      q = q.where(({ eb, val }) => eb(val(scope.departmentId), "=", eb.fn.any("p.department_ids")));
    const rows = await q.orderBy("p.created_at", "desc").limit(200).execute();
    return rows.map((r) => planOut(r, r.draw_id));
  }

  private async plan(trx: Kysely<DB>, id: string, p: Principal): Promise<PlanRow> {
    const row = await trx
      .selectFrom("supervision_plans")
      .selectAll()
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw SupervisionErrors.SUPERVISION_PLAN_NOT_FOUND({ id });
    const scope = permissionScope(p, "supervision.manage");
    if (scope && !scope.all && scope.departmentId !== row.lead_department_id)
      throw SupervisionErrors.SUPERVISION_PLAN_NOT_FOUND({ id });
    return row;
  }

  /** Freezes the rosters and commits their hash in the audit log; returns the (seedless) record. */
  async commit(p: Principal, planId: string): Promise<DrawRecord> {
    const drawId = await this.deps.db.transaction().execute(async (trx) => {
      const plan = await this.plan(trx, planId, p);
      if (plan.status !== "draft") throw SupervisionErrors.SUPERVISION_PLAN_STATE({ status: plan.status });
      const { targets, inspectors } = await this.rosters(trx, plan);
      const params: DrawParams = {
        planId: plan.id,
        departments: [...plan.department_ids].sort(),
        quota: plan.quota,
        inspectorsPerDept: plan.inspectors_per_dept,
      };
      // The salt hides the inspectors' recusal attributes in the published record; it is fixed here, with them.
      const salt = randomBytes(32).toString("hex");
      const hash = rosterHash({ params, targets, inspectors: publicInspectors(inspectors, salt) });
      // The id is chosen here so that the commitment (which names it) is written with the row, once.
      const draw = { id: randomUUID() };
      const payload = { algorithm: DRAW_ALGORITHM, drawId: draw.id, rosterHash: hash };
      await trx
        .insertInto("supervision_draws")
        .values({
          id: draw.id,
          plan_id: plan.id,
          algorithm: DRAW_ALGORITHM,
          params: JSON.stringify(params),
          targets_roster: JSON.stringify(targets),
          inspectors_roster: JSON.stringify(inspectors),
          recusal_salt: salt,
          roster_hash: hash,
          commitment_hash: sha256Hex(canonicalJson(payload)),
        })
        .execute();
      await trx.updateTable("supervision_plans").set({ status: "committed" }).where("id", "=", plan.id).execute();
      await this.deps.audit.append(
        { type: "supervision.draw.committed", actor: `staff:${p.id}`, subject: `supervision-draw:${draw.id}`, payload },
        trx,
      );
      return draw.id;
    });
    await this.beaconSize(drawId);
    return this.record(drawId);
  }

  /** The frozen rosters: targets matching the plan's filter, inspectors of its departments with last year's targets. */
  private async rosters(trx: Kysely<DB>, plan: PlanRow) {
    let tq = trx.selectFrom("supervision_targets").selectAll();
    if (plan.filter.industry) tq = tq.where("industry", "=", plan.filter.industry);
    if (plan.filter.district) tq = tq.where("district", "=", plan.filter.district);
    const targetRows = await tq.execute();
    const inspectorRows = await trx
      .selectFrom("supervision_inspectors")
      .selectAll()
      .where("department_id", "in", plan.department_ids)
      .execute();
    if (targetRows.length === 0) throw SupervisionErrors.SUPERVISION_ROSTER_EMPTY({ roster: "targets" });
    for (const d of plan.department_ids)
      if (!inspectorRows.some((i) => i.department_id === d))
        throw SupervisionErrors.SUPERVISION_ROSTER_EMPTY({ roster: "inspectors", departmentId: d });
    const since = new Date(this.deps.clock.now().getTime() - LAST_YEAR_DAYS * 86_400_000);
    const visits = await trx
      .selectFrom("supervision_visits")
      .select(["target_uscc", "inspector_ids"])
      .where("created_at", ">=", since)
      .execute();
    const lastYear = new Map<string, Set<string>>();
    for (const v of visits)
      for (const i of v.inspector_ids) {
        const s = lastYear.get(i) ?? new Set<string>();
        lastYear.set(i, s);
        s.add(v.target_uscc);
      }
    const targets: RosterTarget[] = targetRows.map((r) => ({
      uscc: r.uscc,
      name: r.name,
      industry: r.industry,
      district: r.district,
      riskGrade: r.risk_grade,
    }));
    const inspectors: RosterInspector[] = inspectorRows.map((r) => ({
      id: r.account_id,
      certificateNo: r.certificate_no,
      departmentId: r.department_id,
      district: r.district,
      relations: r.relations,
      lastYear: [...(lastYear.get(r.account_id) ?? [])],
    }));
    return canonicalRosters(targets, inspectors);
  }

  /** The beacon's tree size, once the commitment is sequenced (fixed by rule: its leaf index + 2). */
  private async beaconSize(drawId: string): Promise<number | null> {
    await this.deps.beacon.flush();
    const entry = await this.deps.beacon.find("supervision.draw.committed", `supervision-draw:${drawId}`);
    return entry ? entry.leafIndex + BEACON_OFFSET : null;
  }

  /** Runs the draw once the audit log has grown past the beacon size. */
  async execute(p: Principal, planId: string): Promise<DrawRecord> {
    const draw = await this.deps.db
      .selectFrom("supervision_draws")
      .selectAll()
      .where("plan_id", "=", planId)
      .executeTakeFirst();
    if (!draw) throw SupervisionErrors.SUPERVISION_PLAN_STATE({ status: "draft" });
    if (draw.result) throw SupervisionErrors.SUPERVISION_PLAN_STATE({ status: "drawn" });
    const beacon = await this.beaconSize(draw.id);
    const size = await this.deps.beacon.size();
    if (beacon === null || size < beacon)
      throw SupervisionErrors.SUPERVISION_BEACON_PENDING({ beaconTreeSize: beacon, treeSize: size });
    const seed = (await this.deps.beacon.rootAt(beacon)).toString("hex");
    const params = draw.params as DrawParams;
    let result: DrawResult;
    try {
      result = runDraw(
        seed,
        params,
        draw.targets_roster as RosterTarget[],
        draw.inspectors_roster as RosterInspector[],
      );
    } catch (e) {
      if (e instanceof NotEnoughInspectors)
        throw SupervisionErrors.SUPERVISION_NOT_ENOUGH_INSPECTORS({
          uscc: e.uscc,
          departmentId: e.departmentId,
          eligible: e.eligible,
        });
      throw e;
    }
    await this.deps.db.transaction().execute(async (trx) => {
      const plan = await this.plan(trx, planId, p);
      if (plan.status !== "committed") throw SupervisionErrors.SUPERVISION_PLAN_STATE({ status: plan.status });
      await trx
        .updateTable("supervision_draws")
        .set({ beacon_tree_size: beacon, seed, result: JSON.stringify(result), drawn_at: this.deps.clock.now() })
        .where("id", "=", draw.id)
        .execute();
      await trx.updateTable("supervision_plans").set({ status: "drawn" }).where("id", "=", plan.id).execute();
      await this.createVisits(trx, plan, result, draw.targets_roster as RosterTarget[]);
      await this.deps.audit.append(
        {
          type: "supervision.draw.drawn",
          actor: `staff:${p.id}`,
          subject: `supervision-draw:${draw.id}`,
          payload: { seed, beaconTreeSize: beacon, resultHash: sha256Hex(canonicalJson(result)) },
        },
        trx,
      );
    });
    return this.record(draw.id);
  }

  /** 进一次门，查多项事: one visit per target, every item's check points, every department's inspectors. */
  private async createVisits(trx: Kysely<DB>, plan: PlanRow, result: DrawResult, targets: RosterTarget[]) {
    if (result.targets.length === 0) return;
    const items = await trx
      .selectFrom("supervision_items")
      .selectAll()
      .where("id", "in", plan.item_ids)
      .orderBy("code")
      .execute();
    const checklist: VisitCheckRow[] = items.flatMap((i) =>
      i.checklist.map((c) => ({
        itemId: i.id,
        departmentId: i.department_id,
        key: c.key,
        text: c.text,
        outcome: null,
        note: null,
      })),
    );
    const names = new Map(targets.map((t) => [t.uscc, t.name]));
    const rows = result.targets.map((t) => ({
      plan_id: plan.id,
      target_uscc: t.uscc,
      target_name: names.get(t.uscc) ?? t.uscc,
      inspector_ids: plan.department_ids.flatMap((d) => t.inspectors[d] ?? []),
      checklist: JSON.stringify(checklist),
    }));
    for (let i = 0; i < rows.length; i += 1000)
      await trx
        .insertInto("supervision_visits")
        .values(rows.slice(i, i + 1000))
        .execute();
  }

  /**
   * For auditors: the salt and the inspectors' recusal attributes, which open the record's commitments so
   * that recusal can be checked (verify-draw.mjs --recusal). The disclosure is written to the audit log.
   */
  async recusal(p: Principal, drawId: string): Promise<DrawRecusal> {
    const d = await this.deps.db
      .selectFrom("supervision_draws")
      .select(["id", "recusal_salt", "inspectors_roster"])
      .where("id", "=", drawId)
      .executeTakeFirst();
    if (!d?.recusal_salt) throw SupervisionErrors.SUPERVISION_DRAW_NOT_FOUND({ id: drawId });
    await this.deps.audit.append({
      type: "supervision.draw.recusal-read",
      actor: `staff:${p.id}`,
      subject: `supervision-draw:${d.id}`,
    });
    return {
      drawId: d.id,
      salt: d.recusal_salt,
      inspectors: (d.inspectors_roster as RosterInspector[]).map((i) => ({
        id: i.id,
        district: i.district,
        relations: i.relations,
        lastYear: i.lastYear,
      })),
    };
  }

  /** The public draw record (no inspector's personal data: see publicInspectors). */
  async record(drawId: string): Promise<DrawRecord> {
    const d = await this.deps.db
      .selectFrom("supervision_draws")
      .selectAll()
      .where("id", "=", drawId)
      .executeTakeFirst();
    if (!d) throw SupervisionErrors.SUPERVISION_DRAW_NOT_FOUND({ id: drawId });
    const entry = await this.deps.beacon.find("supervision.draw.committed", `supervision-draw:${d.id}`);
    const beacon = d.beacon_tree_size ?? (entry ? entry.leafIndex + BEACON_OFFSET : null);
    const proof =
      entry && d.beacon_tree_size ? await this.deps.beacon.inclusionProof(entry.leafIndex, d.beacon_tree_size) : [];
    return {
      id: d.id,
      planId: d.plan_id,
      algorithm: d.algorithm,
      params: d.params as DrawRecord["params"],
      targets: d.targets_roster as DrawRecord["targets"],
      inspectors: publicInspectors(d.inspectors_roster as RosterInspector[], d.recusal_salt ?? ""),
      rosterHash: d.roster_hash,
      commitmentHash: d.commitment_hash,
      beaconTreeSize: beacon,
      seed: d.seed,
      result: (d.result as DrawRecord["result"]) ?? null,
      commitment: entry
        ? {
            leafIndex: entry.leafIndex,
            leafInput: entry.entry.toString("base64"),
            inclusionProof: proof.map((h) => h.toString("base64")),
          }
        : null,
      committedAt: d.committed_at.toISOString(),
      drawnAt: d.drawn_at?.toISOString() ?? null,
      recipe: DRAW_RECIPE,
    };
  }
}

function planOut(row: PlanRow, drawId: string | null): SupervisionPlan {
  return {
    id: row.id,
    name: row.name,
    leadDepartmentId: row.lead_department_id,
    departmentIds: row.department_ids,
    itemIds: row.item_ids,
    filter: row.filter,
    quota: row.quota,
    inspectorsPerDept: row.inspectors_per_dept,
    status: row.status,
    drawId,
    createdAt: row.created_at.toISOString(),
  };
}
