import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Clock } from "../clock/clock.js";
import type { DB } from "../db/schema.js";
import { BlobNotFoundError, type BlobStore } from "./blob-store.js";
import { FileErrors } from "./errors.js";
import "./db.js";

export interface StoredFile {
  id: string;
  sha256: string;
  size: number;
  contentType: string;
  name: string;
}

export interface StoredFileMeta extends StoredFile {
  createdBy: string;
  createdAt: Date;
}

export interface FilePutMeta {
  name: string;
  contentType: string;
  /** Who stored it: an account id, or a label such as "system". */
  createdBy: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Stored files: bytes in a BlobStore under their SHA-256 (so storing is idempotent and identical uploads
 * share one blob), metadata in `stored_files`. `put` writes the blob first and then the row in the caller's
 * transaction: a rolled-back transaction leaves at most an unreferenced blob, never a row without bytes.
 * Checking the content type is the caller's job (`sniffFile`) before `put`.
 */
export class FileStore {
  constructor(
    private readonly db: Kysely<DB>,
    readonly blobs: BlobStore,
    private readonly clock: Clock,
  ) {}

  async put(bytes: Buffer, meta: FilePutMeta, trx: Kysely<DB> = this.db): Promise<StoredFile> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    await this.blobs.put(sha256, bytes);
    const row = await trx
      .insertInto("stored_files")
      .values({
        storage_key: sha256,
        sha256,
        size: bytes.length,
        content_type: meta.contentType,
        name: meta.name,
        created_by: meta.createdBy,
        created_at: this.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id: row.id, sha256, size: bytes.length, contentType: meta.contentType, name: meta.name };
  }

  /** The file's metadata; FILE_NOT_FOUND (404) when there is no such file. */
  async meta(id: string, trx: Kysely<DB> = this.db): Promise<StoredFileMeta> {
    const row = UUID.test(id)
      ? await trx.selectFrom("stored_files").selectAll().where("id", "=", id).executeTakeFirst()
      : undefined;
    if (!row) throw FileErrors.FILE_NOT_FOUND({ id });
    return {
      id: row.id,
      sha256: row.sha256,
      size: Number(row.size),
      contentType: row.content_type,
      name: row.name,
      createdBy: row.created_by,
      createdAt: row.created_at,
    };
  }

  /** Metadata and bytes, checked against the recorded SHA-256 (FILE_CORRUPT otherwise). */
  async get(id: string, trx: Kysely<DB> = this.db): Promise<{ meta: StoredFileMeta; bytes: Buffer }> {
    const meta = await this.meta(id, trx);
    let bytes: Buffer;
    try {
      bytes = await this.blobs.get(meta.sha256);
    } catch (err) {
      if (err instanceof BlobNotFoundError) throw FileErrors.FILE_NOT_FOUND({ id });
      throw err;
    }
    if (createHash("sha256").update(bytes).digest("hex") !== meta.sha256) throw FileErrors.FILE_CORRUPT({ id });
    return { meta, bytes };
  }

  /**
   * Deletes the file's row in `trx` (the archives module's 鉴定销毁). The bytes are shared by content, so
   * they go only through `releaseBlob` once the transaction has committed and no other row names them.
   */
  async remove(id: string, trx: Kysely<DB>): Promise<{ sha256: string }> {
    const row = await trx.deleteFrom("stored_files").where("id", "=", id).returning("sha256").executeTakeFirst();
    if (!row) throw FileErrors.FILE_NOT_FOUND({ id });
    return { sha256: row.sha256 };
  }

  /** Deletes the blob unless a stored file still names it; true when the bytes are gone. */
  async releaseBlob(sha256: string): Promise<boolean> {
    const used = await this.db.selectFrom("stored_files").select("id").where("sha256", "=", sha256).executeTakeFirst();
    if (used) return false;
    await this.blobs.delete(sha256);
    return true;
  }
}
