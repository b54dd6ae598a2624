/** 一单两库: the supervision item catalogue, the target roster (from the business registry) and the inspector roster. */
import type {
  CreateSupervisionItemRequest,
  RegisterInspectorRequest,
  RegisterTargetRequest,
  SupervisionInspector,
  SupervisionItem,
  SupervisionTarget,
} from "@yiwang/contracts";
import type { z } from "zod";
import type { Principal } from "../../platform/auth/permissions.js";
import { permissionScope } from "../../platform/auth/permissions.js";
import type { SupervisionDeps } from "./context.js";
import { SupervisionErrors } from "./errors.js";

/** The department a manager acts for: their own (a department head) or the one named (platform supervisor). */
export function managedDepartment(p: Principal, named?: string | null): string {
  const scope = permissionScope(p, "supervision.manage");
  if (scope && !scope.all) return scope.departmentId;
  if (named) return named;
  if (p.departmentId) return p.departmentId;
  throw SupervisionErrors.SUPERVISION_NOT_STAFF({});
}

export class RosterService {
  constructor(private readonly deps: SupervisionDeps) {}

  async createItem(p: Principal, body: z.infer<typeof CreateSupervisionItemRequest>): Promise<SupervisionItem> {
    const departmentId = managedDepartment(p);
    return this.deps.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom("supervision_items")
        .select("id")
        .where("code", "=", body.code)
        .executeTakeFirst();
      if (taken) throw SupervisionErrors.SUPERVISION_ITEM_EXISTS({ code: body.code });
      const row = await trx
        .insertInto("supervision_items")
        .values({
          code: body.code,
          department_id: departmentId,
          name: body.name,
          legal_basis: body.legalBasis,
          method: body.method,
          checklist: JSON.stringify(body.checklist),
          catalog_item_codes: body.catalogItemCodes,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.append(
        {
          type: "supervision.item.created",
          actor: `staff:${p.id}`,
          subject: `supervision-item:${row.id}`,
          payload: body,
        },
        trx,
      );
      return itemOut(row);
    });
  }

  async items(): Promise<SupervisionItem[]> {
    const rows = await this.deps.db.selectFrom("supervision_items").selectAll().orderBy("code").execute();
    return rows.map(itemOut);
  }

  async registerTarget(p: Principal, body: z.infer<typeof RegisterTargetRequest>): Promise<SupervisionTarget> {
    const business = await this.deps.business(body.uscc);
    if (!business) throw SupervisionErrors.SUPERVISION_BUSINESS_UNKNOWN({ uscc: body.uscc });
    return this.deps.db.transaction().execute(async (trx) => {
      const values = {
        name: business.name,
        industry: body.industry,
        district: body.district,
        risk_grade: body.riskGrade,
      };
      await trx
        .insertInto("supervision_targets")
        .values({ uscc: body.uscc, ...values })
        .onConflict((oc) => oc.column("uscc").doUpdateSet(values))
        .execute();
      await this.deps.audit.append(
        {
          type: "supervision.target.registered",
          actor: `staff:${p.id}`,
          subject: `enterprise:${body.uscc}`,
          payload: body,
        },
        trx,
      );
      return {
        uscc: body.uscc,
        name: business.name,
        industry: body.industry,
        district: body.district,
        riskGrade: body.riskGrade,
      };
    });
  }

  async targets(): Promise<SupervisionTarget[]> {
    const rows = await this.deps.db.selectFrom("supervision_targets").selectAll().orderBy("uscc").limit(1000).execute();
    return rows.map((r) => ({
      uscc: r.uscc,
      name: r.name,
      industry: r.industry,
      district: r.district,
      riskGrade: r.risk_grade,
    }));
  }

  async registerInspector(p: Principal, body: z.infer<typeof RegisterInspectorRequest>): Promise<SupervisionInspector> {
    const departmentId = managedDepartment(p);
    const staffDept = await this.deps.staffDepartment(body.accountId);
    if (!staffDept || staffDept !== departmentId)
      throw SupervisionErrors.SUPERVISION_NOT_STAFF({ accountId: body.accountId });
    return this.deps.db.transaction().execute(async (trx) => {
      const there = await trx
        .selectFrom("supervision_inspectors")
        .select(["account_id", "department_id"])
        .where("account_id", "=", body.accountId)
        .executeTakeFirst();
      if (there) throw SupervisionErrors.SUPERVISION_INSPECTOR_ELSEWHERE({ departmentId: there.department_id });
      const cert = await trx
        .selectFrom("supervision_inspectors")
        .select("account_id")
        .where("certificate_no", "=", body.certificateNo)
        .executeTakeFirst();
      if (cert) throw SupervisionErrors.SUPERVISION_CERTIFICATE_TAKEN({ certificateNo: body.certificateNo });
      await trx
        .insertInto("supervision_inspectors")
        .values({
          account_id: body.accountId,
          department_id: departmentId,
          certificate_no: body.certificateNo,
          district: body.district,
          relations: [...new Set(body.relations)].sort(),
        })
        .execute();
      await this.deps.audit.append(
        {
          type: "supervision.inspector.registered",
          actor: `staff:${p.id}`,
          subject: `account:${body.accountId}`,
          payload: body,
        },
        trx,
      );
      return { ...body, departmentId, relations: [...new Set(body.relations)].sort() };
    });
  }

  async inspectors(p: Principal): Promise<SupervisionInspector[]> {
    const scope = permissionScope(p, "supervision.manage");
    let q = this.deps.db.selectFrom("supervision_inspectors").selectAll();
    if (scope && !scope.all) q = q.where("department_id", "=", scope.departmentId);
    const rows = await q.orderBy("certificate_no").execute();
    return rows.map((r) => ({
      accountId: r.account_id,
      departmentId: r.department_id,
      certificateNo: r.certificate_no,
      district: r.district,
      relations: r.relations,
    }));
  }
}

function itemOut(row: {
  id: string;
  code: string;
  department_id: string;
  name: string;
  legal_basis: string;
  method: string;
  checklist: { key: string; text: string }[];
  catalog_item_codes: string[];
}): SupervisionItem {
  return {
    id: row.id,
    code: row.code,
    departmentId: row.department_id,
    name: row.name,
    legalBasis: row.legal_basis,
    method: row.method,
    checklist: row.checklist,
    catalogItemCodes: row.catalog_item_codes,
  };
}
