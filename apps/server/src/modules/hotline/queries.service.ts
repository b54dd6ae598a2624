/** Reading requests: one request with its timeline, the lists (my requests, the desk, the inbox), duplicates. */
import type { HotlineRequestView } from "@yiwang/contracts";
import type { Principal } from "../../platform/auth/permissions.js";
import { assertReadable, type CallerShown, callerShown, listScope } from "./access.js";
import { maskCaller, openCaller } from "./caller.js";
import type { HotlineDeps } from "./context.js";
import { HotlineErrors } from "./errors.js";
import { boxAround, distanceMeters } from "./geo.js";
import { DUPLICATE_RADIUS_M } from "./handling.service.js";
import { toView } from "./mapping.js";
import type { RequestRow } from "./repository.js";

export class QueryService {
  constructor(private readonly deps: HotlineDeps) {}

  async get(p: Principal, id: string): Promise<HotlineRequestView> {
    const row = await this.deps.repo.get(id);
    assertReadable(p, row);
    return this.view(p, row);
  }

  /** A photo of a request, for whoever may read the request (404 otherwise, and for a file not its photo). */
  async photo(p: Principal, id: string, fileId: string) {
    const row = await this.deps.repo.get(id);
    assertReadable(p, row);
    const photos = await this.deps.repo.photos(id);
    if (!photos.some((x) => x.file_id === fileId)) throw HotlineErrors.HOTLINE_REQUEST_NOT_FOUND();
    const file = await this.deps.files.get(fileId);
    return { contentType: file.meta.contentType, bytes: file.bytes };
  }

  /** One request as `p` may see it; an operator's read of the caller in clear is recorded first. */
  async view(p: Principal, row: RequestRow): Promise<HotlineRequestView> {
    const shown = callerShown(p, row, "request");
    if (
      shown === "clear" &&
      p.kind === "staff" &&
      (row.caller_name_enc || row.caller_phone_enc || row.caller_name || row.caller_phone)
    )
      await this.deps.personalData.record({
        actor: `staff:${p.id}`,
        account: row.caller_account_id ? { id: row.caller_account_id } : null,
        subject: `hotline-request:${row.id}`,
        fields: ["caller_name", "caller_phone"],
        reason: `hotline:${row.number}`,
      });
    return this.render(row, shown);
  }

  /** The request as its caller sees it (just after filing, signed in or not). */
  viewForCaller(row: RequestRow): Promise<HotlineRequestView> {
    return this.render(row, "clear");
  }

  private async render(row: RequestRow, shown: CallerShown): Promise<HotlineRequestView> {
    const clear = shown === "none" ? { name: null, phone: null } : openCaller(this.deps.pii, row);
    const [actions, photos, department] = await Promise.all([
      this.deps.repo.actions(row.id),
      this.deps.repo.photos(row.id),
      row.department_id ? this.deps.departmentById(row.department_id) : undefined,
    ]);
    return toView(row, {
      shown,
      caller: shown === "masked" ? maskCaller(clear) : clear,
      departmentName: department?.name ?? null,
      actions,
      photos,
      now: this.deps.clock.now(),
    });
  }

  async mine(p: Principal, status?: string, limit = 50) {
    const rows = await this.deps.repo.list({ callerAccountId: p.id, status, limit });
    return { items: await Promise.all(rows.map((r) => this.render(r, callerShown(p, r, "list")))) };
  }

  /** The desk (operators, supervisors: all) or the department's inbox. */
  async staffList(p: Principal, status?: string, limit = 50) {
    const rows = await this.deps.repo.list({ ...listScope(p), status, limit });
    // Lists show the caller masked: a list is not a read of anyone's personal data in clear.
    return { items: await Promise.all(rows.map((r) => this.render(r, callerShown(p, r, "list")))) };
  }

  /** Open requests of the same category within 200 m: candidates for a merge. */
  async duplicates(p: Principal, id: string) {
    const row = await this.deps.repo.get(id);
    assertReadable(p, row);
    if (row.lat === null || row.long === null) return { items: [] };
    const near = await this.deps.repo.openNear(row.category_code, boxAround(row.lat, row.long, DUPLICATE_RADIUS_M));
    const items = near
      .filter((r) => r.id !== row.id)
      .map((r) => ({ r, d: distanceMeters(row, r) ?? Number.POSITIVE_INFINITY }))
      .filter((x) => x.d <= DUPLICATE_RADIUS_M)
      .sort((a, b) => a.d - b.d)
      .map(({ r, d }) => ({
        id: r.id,
        number: r.number,
        distanceMeters: Math.round(d),
        status: r.status as HotlineRequestView["status"],
      }));
    return { items };
  }
}
