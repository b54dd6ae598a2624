/**
 * An evaluation's optional photo. The invitee uploads it while the invitation is open and not yet evaluated
 * (JPEG or PNG by content, not by name; at most EVALUATION_PHOTO_UPLOADS_MAX per invitation), then names it
 * in the evaluation, which claims it in the same transaction. The invitee and the department's staff may
 * see it; a staff read is logged as a personal-data read (a photo may show people).
 */
import { EVALUATION_PHOTO_MAX_BYTES, EVALUATION_PHOTO_UPLOADS_MAX, type EvaluationPhoto } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { can, type Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { type FileStore, MIME, sniffFile } from "../../platform/files/index.js";
import type { PersonalDataAccess } from "../identity/index.js";
import type { EvaluationDeps } from "./context.js";
import { EvaluationErrors } from "./errors.js";
import type { PhotoRepository } from "./photos.repository.js";

const PHOTO_TYPES = [MIME.jpeg, MIME.png];

export class PhotoService {
  constructor(
    private readonly deps: EvaluationDeps,
    private readonly photos: PhotoRepository,
    private readonly files: FileStore,
    private readonly personalData: Pick<PersonalDataAccess, "record">,
  ) {}

  /** Stores an upload for the invitee's open invitation. */
  async upload(p: Principal, invitationId: string, file: { name: string; bytes: Buffer }): Promise<EvaluationPhoto> {
    const type = await sniffFile(file.bytes, PHOTO_TYPES, { maxBytes: EVALUATION_PHOTO_MAX_BYTES });
    return this.deps.db.transaction().execute(async (trx) => {
      const inv = await this.deps.repo.lockInvitation(invitationId, trx);
      if (!inv || inv.account_id !== p.id) throw EvaluationErrors.EVALUATION_INVITATION_NOT_FOUND({ id: invitationId });
      if (this.deps.clock.now().getTime() > inv.expires_at.getTime())
        throw EvaluationErrors.EVALUATION_INVITATION_EXPIRED({ expiresAt: inv.expires_at.toISOString() });
      if ((await this.deps.repo.evaluationsOf([inv.id], trx)).some((e) => e.kind === "initial"))
        throw EvaluationErrors.EVALUATION_ALREADY_GIVEN();
      // Counted under the invitation's lock, so parallel uploads cannot pass the limit together.
      if ((await this.photos.countForInvitation(inv.id, trx)) >= EVALUATION_PHOTO_UPLOADS_MAX)
        throw EvaluationErrors.EVALUATION_PHOTO_LIMIT({ max: EVALUATION_PHOTO_UPLOADS_MAX });
      const stored = await this.files.put(
        file.bytes,
        { name: file.name.slice(0, 200) || "photo", contentType: type.mime, createdBy: p.id },
        trx,
      );
      const row = await this.photos.insert(trx, {
        invitation_id: inv.id,
        file_id: stored.id,
        uploaded_by: `citizen:${p.id}`,
        created_at: this.deps.clock.now(),
      });
      return { id: row.id, contentType: stored.contentType, size: stored.size };
    });
  }

  /** Called by the evaluation being given, in its transaction: the photo must be this invitation's, unclaimed. */
  async claim(trx: Kysely<DB>, photoId: string, invitationId: string, evaluationId: string): Promise<void> {
    if (!(await this.photos.claim(trx, photoId, invitationId, evaluationId)))
      throw EvaluationErrors.EVALUATION_PHOTO_UNKNOWN({ id: photoId });
  }

  /** The photo's bytes, for the invitee or staff who may read the department's evaluations (404 otherwise). */
  async read(p: Principal, evaluationId: string, requestId: string) {
    const row = await this.photos.ofEvaluation(evaluationId);
    const mine = p.kind === "citizen" && row?.account_id === p.id;
    const staff = p.kind === "staff" && row !== undefined && can(p, "evaluation.read", row.department_id);
    if (!row || !(mine || staff)) throw EvaluationErrors.EVALUATION_PHOTO_NOT_FOUND({ id: evaluationId });
    if (staff)
      await this.personalData.record({
        actor: `staff:${p.id}`,
        account: row.account_id ? { id: row.account_id } : null,
        subject: `evaluation:${evaluationId}`,
        fields: ["evaluation_photo"],
        reason: `evaluation:${evaluationId} photo`,
        requestId,
      });
    const file = await this.files.get(row.file_id);
    return { contentType: file.meta.contentType, bytes: file.bytes };
  }
}
