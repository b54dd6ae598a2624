/**
 * 受理 (intake) from every channel — the operator's phone desk, the portal, Open311 — into one request row.
 * Everything is checked before the transaction opens (category, district, position, photos sniffed), so a
 * refusal stores nothing; the row, its photos, the first timeline entries, the routing (派单 by the rule
 * category × district → department, or the operator's choice) and the deadline timer commit together.
 */
import { createHash, randomBytes } from "node:crypto";
import { HOTLINE_PHOTO_MAX_BYTES, HOTLINE_PHOTOS_MAX, type HotlineKind } from "@yiwang/contracts";
import { MIME, sniffFile } from "../../platform/files/index.js";
import { sealCaller } from "./caller.js";
import { assertDistrict, type Category, category, insideCity, limitFor, ownerKey } from "./categories.js";
import type { Actor, DepartmentRef, HotlineDeps } from "./context.js";
import type { Dispatcher } from "./dispatch.js";
import { HotlineErrors } from "./errors.js";
import type { RequestRow } from "./repository.js";
import type { HotlineWriter } from "./writer.js";

export interface NewRequest {
  channel: "phone" | "web" | "open311" | "field";
  kind: HotlineKind;
  categoryCode: string;
  description: string;
  location: { address: string; districtCode: string; lat: number | null; long: number | null };
  urgent: boolean;
  anonymous: boolean;
  confidential: boolean;
  caller: { accountId: string | null; name: string | null; phone: string | null };
  photos: { name: string; contentBase64: string }[];
  mediaUrl?: string | null;
  /** The field staff member who reported it (channel "field"). */
  fieldReporterId?: string | null;
  /** The enterprise a complaint or report is about (统一社会信用代码, checked by the route's schema). */
  subjectUscc?: string | null;
  /** The operator's routing; otherwise the rule's. */
  departmentId?: string | null;
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest();

export class IntakeService {
  constructor(
    private readonly deps: HotlineDeps,
    private readonly writer: HotlineWriter,
    private readonly dispatcher: Dispatcher,
  ) {}

  /** Files a request; returns the row and, for Open311, the token handed to the client. */
  async file(input: NewRequest, actor: Actor): Promise<{ row: RequestRow; token: string | null }> {
    const cat = category(input.categoryCode);
    const { location } = input;
    assertDistrict(location.districtCode);
    const hasPosition = location.lat !== null && location.long !== null;
    if (!hasPosition && !location.address) throw HotlineErrors.HOTLINE_LOCATION_REQUIRED();
    if (hasPosition && !insideCity(location.lat as number, location.long as number))
      throw HotlineErrors.HOTLINE_OUTSIDE_CITY({ lat: location.lat, long: location.long });
    if (input.photos.length > HOTLINE_PHOTOS_MAX)
      throw HotlineErrors.HOTLINE_TOO_MANY_PHOTOS({ max: HOTLINE_PHOTOS_MAX });
    const photos: { name: string; bytes: Buffer; type: string }[] = [];
    for (const p of input.photos) {
      const bytes = Buffer.from(p.contentBase64, "base64");
      const type = await sniffFile(bytes, [MIME.jpeg, MIME.png], { maxBytes: HOTLINE_PHOTO_MAX_BYTES });
      photos.push({ name: p.name, bytes, type: type.mime });
    }
    const department = await this.department(input, cat);
    const token = input.channel === "open311" ? randomBytes(18).toString("base64url") : null;
    const limit = limitFor(cat, input.urgent);
    const anonymous = input.anonymous;

    // Read through the cache before the transaction (a read inside one bypasses it): measured in the bench,
    // two uncached calendar loads per intake were the largest cost after the session check.
    const cal = await this.deps.calendar.calendar();
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const now = this.deps.clock.now();
      let row = await this.deps.repo.insert(trx, {
        number: await this.deps.repo.nextNumber(trx, cal.localDate(now)),
        kind: input.kind,
        channel: input.channel,
        status: "dispatching",
        category_code: cat.code,
        description: input.description,
        address: location.address,
        district_code: location.districtCode,
        lat: location.lat,
        long: location.long,
        urgent: input.urgent,
        anonymous,
        confidential: input.confidential,
        caller_account_id: input.caller.accountId,
        ...sealCaller(this.deps.pii, anonymous ? { name: null, phone: null } : input.caller),
        subject_uscc: input.subjectUscc ?? null,
        department_id: null,
        limit_unit: limit.unit,
        limit_value: limit.value,
        assigned_at: null,
        deadline_at: null,
        answer: null,
        answered_at: null,
        callback_resolved: null,
        callback_satisfied: null,
        callback_at: null,
        merged_into: null,
        token_hash: token ? hashToken(token) : null,
        media_url: input.mediaUrl ?? null,
        field_reporter_id: input.fieldReporterId ?? null,
        extension_status: null,
        extension_value: null,
        extension_reason: null,
        created_at: now,
        updated_at: now,
      });
      for (const p of photos) {
        const f = await this.deps.files.put(p.bytes, { name: p.name, contentType: p.type, createdBy: actor.ref }, trx);
        await this.deps.repo.addPhoto(trx, row.id, f.id, p.name);
      }
      await this.writer.record(trx, row, actor, {
        type: "received",
        payload: { channel: input.channel, categoryCode: cat.code, kind: input.kind, urgent: input.urgent },
        publish: true,
      });
      if (department)
        row = await this.dispatcher.assign(
          trx,
          row,
          department,
          actor,
          input.departmentId ? "operator" : "rule",
          null,
          cal,
        );
      return row;
    });
    return { row, token };
  }

  private async department(input: NewRequest, cat: Category): Promise<DepartmentRef | undefined> {
    if (input.departmentId) {
      const d = await this.deps.departmentById(input.departmentId);
      if (!d) throw HotlineErrors.HOTLINE_UNKNOWN_DEPARTMENT({ departmentId: input.departmentId });
      return d;
    }
    // A rule naming a department this installation lacks leaves the request on the dispatch desk.
    return this.deps.departmentByKey(ownerKey(cat, input.location.districtCode));
  }
}
