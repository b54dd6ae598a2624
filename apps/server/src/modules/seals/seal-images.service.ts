import type { Seal } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { assertCan } from "../../platform/auth/guard.js";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import type { FileStore } from "../../platform/files/index.js";
import type { AuditLog } from "../audit/index.js";
import { SealErrors } from "./errors.js";
import type { SealRepository } from "./repository.js";
import { actor, toSeal } from "./seal-mapping.js";

const SEAL_IMAGE_MAX_BYTES = 1024 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk; null for anything that is not a PNG. */
function pngSize(b: Buffer): { width: number; height: number } | null {
  if (b.length < 24 || !b.subarray(0, 8).equals(PNG_SIGNATURE) || b.toString("latin1", 12, 16) !== "IHDR") return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/**
 * Uploaded seal images (a scan of the physical seal, stamped instead of the drawn one): kept in the file
 * store, managed by whoever may manage the seal (`seal.manage` in its department), every upload audited.
 */
export class SealImages {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: SealRepository,
    private readonly audit: AuditLog,
    private readonly files: FileStore,
  ) {}

  async set(principal: Principal, id: string, png: Buffer): Promise<Seal> {
    const row = await this.repo.findById(id);
    if (!row) throw SealErrors.SEAL_NOT_FOUND({ id });
    assertCan(principal, "seal.manage", row.department_id);
    const size = pngSize(png);
    if (
      !size ||
      png.length > SEAL_IMAGE_MAX_BYTES ||
      Math.min(size.width, size.height) < 64 ||
      Math.max(size.width, size.height) > 2000
    )
      throw SealErrors.SEAL_IMAGE_INVALID({ size: png.length, ...size });
    return this.db.transaction().execute(async (trx) => {
      const stored = await this.files.put(
        png,
        { name: `seal-${id}.png`, contentType: "image/png", createdBy: actor(principal) },
        trx,
      );
      const updated = await this.repo.setImage(id, stored.id, trx);
      if (!updated) throw SealErrors.SEAL_NOT_FOUND({ id });
      await this.audit.append(
        {
          type: "seal.image_set",
          actor: actor(principal),
          subject: `seal:${id}`,
          payload: { sha256: stored.sha256, ...size },
        },
        trx,
      );
      return toSeal(updated);
    });
  }

  async get(principal: Principal, id: string): Promise<Buffer> {
    const row = await this.repo.findById(id);
    if (!row) throw SealErrors.SEAL_NOT_FOUND({ id });
    assertCan(principal, "seal.manage", row.department_id);
    if (!row.image_file_id) throw SealErrors.SEAL_IMAGE_NOT_FOUND({ id });
    return (await this.files.get(row.image_file_id)).bytes;
  }

  /** The image to stamp with a seal, if one was uploaded (read inside the sealing transaction when given). */
  async forStamping(imageFileId: string | null, trx?: Kysely<DB>): Promise<Buffer | undefined> {
    return imageFileId ? (await this.files.get(imageFileId, trx)).bytes : undefined;
  }
}
