/**
 * Photos of an inspection visit (现场检查照片): taken on the inspector's phone while the visit is open, kept in
 * the file store under their SHA-256, read by the visit's inspectors and its lead department, never public.
 * The type comes from the bytes (JPEG, PNG, WebP), not from the name; an upload writes the stored file, the
 * photo row and an audit entry in one transaction, and a refusal writes none of them.
 */
import type { SupervisionVisitPhoto } from "@yiwang/contracts";
import type { Kysely, Selectable } from "kysely";
import { can, type Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { sniffFile } from "../../platform/files/index.js";
import { PHOTO_MAX_BYTES, PHOTO_MAX_PER_VISIT, PHOTO_TYPES, type SupervisionDeps } from "./context.js";
import type { SupervisionVisitPhotosTable, SupervisionVisitsTable } from "./db.js";
import { SupervisionErrors } from "./errors.js";

type PhotoRow = Selectable<SupervisionVisitPhotosTable>;
type VisitRow = Pick<Selectable<SupervisionVisitsTable>, "id" | "plan_id" | "inspector_ids" | "status">;

export class PhotoService {
  constructor(private readonly deps: SupervisionDeps) {}

  /** Settled before the body is read: an inspector of this visit, and the visit still open. */
  async assertMayUpload(p: Principal, visitId: string, db: Kysely<DB> = this.deps.db, lock = false) {
    let q = db
      .selectFrom("supervision_visits")
      .select(["id", "plan_id", "inspector_ids", "status"])
      .where("id", "=", visitId);
    if (lock) q = q.forUpdate();
    const visit = await q.executeTakeFirst();
    if (!visit) throw SupervisionErrors.SUPERVISION_VISIT_NOT_FOUND({ id: visitId });
    if (!visit.inspector_ids.includes(p.id)) throw SupervisionErrors.SUPERVISION_NOT_YOUR_VISIT({ id: visitId });
    if (visit.status === "finished") throw SupervisionErrors.SUPERVISION_PHOTO_VISIT_CLOSED({ id: visitId });
    return visit;
  }

  async upload(p: Principal, visitId: string, file: { name: string; bytes: Buffer }): Promise<SupervisionVisitPhoto> {
    await this.assertMayUpload(p, visitId);
    const type = await sniffFile(file.bytes, PHOTO_TYPES, { maxBytes: PHOTO_MAX_BYTES });
    const row = await this.deps.db.transaction().execute(async (trx) => {
      // Locked: two phones uploading at once cannot pass the per-visit limit, nor race the confirmation.
      await this.assertMayUpload(p, visitId, trx, true);
      const { n } = await trx
        .selectFrom("supervision_visit_photos")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("visit_id", "=", visitId)
        .executeTakeFirstOrThrow();
      if (Number(n) >= PHOTO_MAX_PER_VISIT)
        throw SupervisionErrors.SUPERVISION_PHOTO_LIMIT({ id: visitId, max: PHOTO_MAX_PER_VISIT });
      const name = photoName(file.name, type.ext);
      const stored = await this.deps.files.put(file.bytes, { name, contentType: type.mime, createdBy: p.id }, trx);
      const inserted = await trx
        .insertInto("supervision_visit_photos")
        .values({
          visit_id: visitId,
          file_id: stored.id,
          sha256: stored.sha256,
          size: stored.size,
          content_type: type.mime as PhotoRow["content_type"],
          name,
          uploaded_by: p.id,
          created_at: this.deps.clock.now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.append(
        {
          type: "supervision.visit.photo",
          actor: `staff:${p.id}`,
          subject: `supervision-visit:${visitId}`,
          payload: { photoId: inserted.id, sha256: stored.sha256, size: stored.size, contentType: type.mime },
        },
        trx,
      );
      return inserted;
    });
    return photoOut(row);
  }

  async list(p: Principal, visitId: string): Promise<SupervisionVisitPhoto[]> {
    await this.#readable(p, visitId);
    const rows = await this.deps.db
      .selectFrom("supervision_visit_photos")
      .selectAll()
      .where("visit_id", "=", visitId)
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map(photoOut);
  }

  async download(p: Principal, visitId: string, photoId: string) {
    await this.#readable(p, visitId);
    const row = await this.deps.db
      .selectFrom("supervision_visit_photos")
      .selectAll()
      .where("id", "=", photoId)
      .where("visit_id", "=", visitId)
      .executeTakeFirst();
    if (!row) throw SupervisionErrors.SUPERVISION_PHOTO_NOT_FOUND({ id: photoId });
    const { bytes } = await this.deps.files.get(row.file_id);
    return { name: row.name, contentType: row.content_type, bytes };
  }

  /** Inspectors of the visit and managers of its plan's lead department; anyone else learns nothing (404). */
  async #readable(p: Principal, visitId: string): Promise<VisitRow> {
    const visit = await this.deps.db
      .selectFrom("supervision_visits as v")
      .innerJoin("supervision_plans as pl", "pl.id", "v.plan_id")
      .select(["v.id", "v.plan_id", "v.inspector_ids", "v.status", "pl.lead_department_id"])
      .where("v.id", "=", visitId)
      .executeTakeFirst();
    const allowed =
      visit && (visit.inspector_ids.includes(p.id) || can(p, "supervision.manage", visit.lead_department_id));
    if (!visit || !allowed) throw SupervisionErrors.SUPERVISION_VISIT_NOT_FOUND({ id: visitId });
    return visit;
  }
}

/** The phone's file name, trimmed, with the extension of the detected type (IMG_0001.jpg; camera.webp). */
function photoName(name: string, ext: string): string {
  const base = (name || "photo")
    .replace(/[\\/\r\n"]/g, "_")
    .replace(/\.[A-Za-z0-9]{1,5}$/, "")
    .slice(0, 100);
  return `${base || "photo"}.${ext}`;
}

function photoOut(r: PhotoRow): SupervisionVisitPhoto {
  return {
    id: r.id,
    visitId: r.visit_id,
    name: r.name,
    contentType: r.content_type,
    size: Number(r.size),
    sha256: r.sha256,
    uploadedBy: r.uploaded_by,
    createdAt: r.created_at.toISOString(),
  };
}
