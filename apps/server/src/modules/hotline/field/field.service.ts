/**
 * Field forces (网格员、城管队员): the department's roster, 上报 from the field page — a request of channel
 * "field" filed through the same intake (checks, routing by category × district, photos, deadline) with the
 * district taken from the position — and the command map (field staff where they last were, open field events).
 */
import type { FieldReport } from "@yiwang/contracts";
import { type Principal, permissionScope } from "../../../platform/auth/permissions.js";
import { BOUNDS, findCategory, insideCity } from "../categories.js";
import { actorOf, type HotlineDeps } from "../context.js";
import { HotlineErrors } from "../errors.js";
import { haversine } from "../geo.js";
import type { IntakeService } from "../intake.service.js";
import type { RequestRow } from "../repository.js";
import type { HotlineWriter } from "../writer.js";
import { districtAt, districtShapes } from "./districts.js";
import type { FieldRepository, FieldStaffRow, LatestPosition } from "./repository.js";

export interface FieldDeps extends HotlineDeps {
  field: FieldRepository;
  /** A staff account's department and name, or undefined (not staff). */
  staffAccount(id: string): Promise<{ departmentId: string | null; name: string } | undefined>;
}

export class FieldService {
  constructor(
    private readonly deps: FieldDeps,
    private readonly intake: IntakeService,
    private readonly writer: HotlineWriter,
  ) {}

  /** The caller's own roster entry (null: not field staff). */
  async me(p: Principal) {
    const row = await this.deps.field.staff(p.id);
    if (!row) return { staff: null };
    const [view] = await this.views([row]);
    return { staff: view };
  }

  /** 编入名册 (or change the call sign / kind): only staff of the head's own department. */
  async enrol(p: Principal, accountId: string, v: { kind: string; callSign: string }) {
    const departmentId = this.scopeOf(p, "hotline.field.manage");
    const account = await this.deps.staffAccount(accountId);
    if (!account?.departmentId || (departmentId && account.departmentId !== departmentId))
      throw HotlineErrors.HOTLINE_UNKNOWN_STAFF({ accountId });
    const at = this.deps.clock.now();
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.deps.field.upsertStaff(trx, {
        account_id: accountId,
        department_id: account.departmentId as string,
        kind: v.kind,
        call_sign: v.callSign,
        name: account.name,
        added_by: actorOf(p).ref,
        added_at: at,
      });
      await this.deps.audit.append(
        {
          type: "hotline.field.enrolled",
          actor: actorOf(p).ref,
          subject: `staff:${accountId}`,
          payload: { kind: v.kind, callSign: v.callSign, departmentId: row.department_id },
          time: at,
        },
        trx,
      );
      return row;
    });
    const [view] = await this.views([row]);
    return view;
  }

  async remove(p: Principal, accountId: string): Promise<void> {
    const departmentId = this.scopeOf(p, "hotline.field.manage");
    const row = await this.deps.field.staff(accountId);
    if (!row || (departmentId && row.department_id !== departmentId))
      throw HotlineErrors.HOTLINE_UNKNOWN_STAFF({ accountId });
    await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.field.removeStaff(trx, accountId);
      await this.deps.audit.append(
        { type: "hotline.field.removed", actor: actorOf(p).ref, subject: `staff:${accountId}`, payload: {} },
        trx,
      );
    });
  }

  /** 上报: refused unless on a roster; the district comes from the position when not given. */
  async report(p: Principal, b: FieldReport): Promise<RequestRow> {
    const staff = await this.assertFieldStaff(p);
    const { lat, long } = b.position;
    if (!insideCity(lat, long)) throw HotlineErrors.HOTLINE_OUTSIDE_CITY({ lat, long });
    const districtCode = b.districtCode ?? districtAt(lat, long);
    if (!districtCode) throw HotlineErrors.HOTLINE_NO_DISTRICT({ lat, long });
    const { row } = await this.intake.file(
      {
        channel: "field",
        kind: b.kind,
        categoryCode: b.categoryCode,
        description: b.description,
        location: { address: b.address, districtCode, lat, long },
        urgent: b.urgent,
        anonymous: false,
        confidential: false,
        caller: { accountId: null, name: `${staff.call_sign} ${staff.name}`, phone: null },
        photos: b.photos,
        fieldReporterId: p.id,
      },
      actorOf(p),
    );
    return row;
  }

  /** Their own reports (also after leaving the roster: what they reported stays theirs to follow). */
  myReports(p: Principal, limit: number): Promise<RequestRow[]> {
    return this.deps.field.reportsBy(p.id, limit);
  }

  /** 指挥一张图: the districts, the field staff at their newest positions, and the open field events. */
  async map(p: Principal) {
    const departmentId = this.scopeOf(p, "hotline.command");
    const [roster, events] = await Promise.all([
      this.deps.field.roster(departmentId),
      this.deps.field.openFieldEvents(departmentId),
    ]);
    return {
      bounds: BOUNDS,
      districts: districtShapes(),
      staff: await this.views(roster),
      events: events.map((e) => ({
        id: e.id,
        number: e.number,
        categoryName: findCategory(e.category_code)?.name ?? e.category_code,
        status: e.status as "assigned",
        lat: e.lat as number,
        long: e.long as number,
        createdAt: e.created_at.toISOString(),
      })),
    };
  }

  /** 调集 candidates: the commander's field staff with a position, nearest the request first (at most 10). */
  async nearest(p: Principal, requestId: string) {
    const row = await this.incident(p, requestId);
    const staff = (await this.views(await this.deps.field.roster(this.scopeOf(p, "hotline.command")))).filter(
      (s) => s.position,
    );
    const items = staff.map((s) => {
      const at = s.position as { lat: number; long: number };
      return {
        staff: s,
        distanceMeters: Math.round(haversine(row.lat as number, row.long as number, at.lat, at.long)),
      };
    });
    items.sort((a, b) => a.distanceMeters - b.distanceMeters);
    return { items: items.slice(0, 10) };
  }

  /** 调集: sends a field staff member to the incident (a timeline entry and a notice to them). */
  async mobilise(p: Principal, requestId: string, accountId: string): Promise<RequestRow> {
    const staff = await this.visibleStaff(p, accountId);
    const row = await this.incident(p, requestId);
    await this.deps.db.transaction().execute(async (trx) => {
      await this.writer.record(trx, row, actorOf(p), {
        type: "mobilised",
        comment: staff.call_sign,
        payload: { accountId, callSign: staff.call_sign },
      });
      await this.deps.notify.send(trx, {
        recipients: [accountId],
        kind: "hotline.mobilised",
        title: { zh: `调集：请前往 ${row.number} 现场`, en: `Dispatched to ${row.number}` },
        body: {
          zh: `${findCategory(row.category_code)?.name ?? ""}：${row.address || `${row.lat}, ${row.long}`}`,
          en: `${findCategory(row.category_code)?.nameEn ?? ""}: ${row.address || `${row.lat}, ${row.long}`}`,
        },
        link: "/field",
        subject: `hotline-request:${row.id}`,
      });
    });
    return row;
  }

  /** An open request with a position the commander may act on (404 otherwise). */
  private async incident(p: Principal, requestId: string): Promise<RequestRow> {
    const departmentId = this.scopeOf(p, "hotline.command");
    const row = await this.deps.repo.get(requestId);
    if (
      !row ||
      (departmentId && row.department_id !== departmentId) ||
      row.lat === null ||
      row.long === null ||
      !["dispatching", "assigned"].includes(row.status)
    )
      throw HotlineErrors.HOTLINE_REQUEST_NOT_FOUND();
    return row;
  }

  /** The roster entry the commander may see (their department's, or any for the platform-wide desk). */
  async visibleStaff(p: Principal, accountId: string): Promise<FieldStaffRow> {
    const departmentId = this.scopeOf(p, "hotline.command");
    const row = await this.deps.field.staff(accountId);
    if (!row || (departmentId && row.department_id !== departmentId))
      throw HotlineErrors.HOTLINE_UNKNOWN_STAFF({ accountId });
    return row;
  }

  async assertFieldStaff(p: Principal): Promise<FieldStaffRow> {
    const row = await this.deps.field.staff(p.id);
    if (!row) throw HotlineErrors.HOTLINE_NOT_FIELD_STAFF();
    return row;
  }

  /** undefined: every department; otherwise the one department the permission reaches. */
  private scopeOf(p: Principal, permission: "hotline.command" | "hotline.field.manage"): string | undefined {
    const scope = permissionScope(p, permission);
    if (!scope) throw HotlineErrors.HOTLINE_UNKNOWN_STAFF();
    return scope.all ? undefined : scope.departmentId;
  }

  private async views(rows: FieldStaffRow[]) {
    const latest = await this.deps.field.latest(rows.map((r) => r.account_id));
    const names = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.department_id)))
      names.set(id, (await this.deps.departmentById(id))?.name ?? "");
    return rows.map((r) => toStaffView(r, names.get(r.department_id) ?? "", latest.get(r.account_id)));
  }
}

function toStaffView(r: FieldStaffRow, departmentName: string, at: LatestPosition | undefined) {
  return {
    accountId: r.account_id,
    name: r.name,
    callSign: r.call_sign,
    kind: r.kind as "grid_worker",
    department: { id: r.department_id, name: departmentName },
    position: at ? { lat: at.lat, long: at.long, at: at.at.toISOString() } : null,
  };
}
