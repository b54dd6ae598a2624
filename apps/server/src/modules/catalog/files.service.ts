import { createHash } from "node:crypto";
import type { StoredFile } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { AuditAppender } from "./audit.js";
import { CatalogErrors } from "./errors.js";

/** Content types accepted for blank forms and samples (as uploaded with their own Content-Type). */
export const FILE_TYPES = [
  "application/pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/msword",
  "application/vnd.ms-excel",
  "image/png",
  "image/jpeg",
] as const;

export const fileUrl = (id: string) => `/api/catalog/files/${id}`;

/** Blank forms and samples of materials, stored in the database (small files; a file store comes later). */
export class FileService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditAppender,
  ) {}

  async store(name: string, contentType: string, bytes: Buffer, actor: string, trx?: Kysely<DB>): Promise<StoredFile> {
    if (bytes.length === 0) throw CatalogErrors.CATALOG_FILE_EMPTY();
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const run = async (trx: Kysely<DB>) => {
      const row = await trx
        .insertInto("catalog_files")
        .values({ name, content_type: contentType, size: bytes.length, sha256, bytes, created_by: actor })
        .returning(["id", "name", "content_type", "size"])
        .executeTakeFirstOrThrow();
      await this.audit.append(
        {
          type: "catalog.file.stored",
          actor,
          subject: `catalog-file:${row.id}`,
          payload: { name, contentType, sha256 },
        },
        trx,
      );
      return { id: row.id, name: row.name, contentType: row.content_type, size: row.size, url: fileUrl(row.id) };
    };
    return trx ? run(trx) : this.db.transaction().execute(run);
  }

  async get(id: string) {
    const row = await this.db
      .selectFrom("catalog_files")
      .select(["name", "content_type", "bytes", "sha256"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw CatalogErrors.CATALOG_FILE_NOT_FOUND({ id });
    return { name: row.name, contentType: row.content_type, bytes: Buffer.from(row.bytes), sha256: row.sha256 };
  }
}
