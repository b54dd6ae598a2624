/** SQL over case_documents (文书); no rules here. */
import type { Insertable, Kysely, Selectable } from "kysely";
import type { DB } from "../../../platform/db/schema.js";
import type { CaseDocumentsTable } from "../db.js";

export type CaseDocumentRow = Selectable<CaseDocumentsTable>;

export class CaseDocumentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  forCase(caseId: string, db: Kysely<DB> = this.db): Promise<CaseDocumentRow[]> {
    return db
      .selectFrom("case_documents")
      .selectAll()
      .where("case_id", "=", caseId)
      .orderBy("issued_at")
      .orderBy("number")
      .execute();
  }

  find(caseId: string, id: string): Promise<CaseDocumentRow | undefined> {
    return this.db
      .selectFrom("case_documents")
      .selectAll()
      .where("case_id", "=", caseId)
      .where("id", "=", id)
      .executeTakeFirst();
  }

  findBySha256(sha256: string): Promise<CaseDocumentRow | undefined> {
    return this.db.selectFrom("case_documents").selectAll().where("sha256", "=", sha256).executeTakeFirst();
  }

  findKind(caseId: string, kind: string, db: Kysely<DB>): Promise<CaseDocumentRow | undefined> {
    return db
      .selectFrom("case_documents")
      .selectAll()
      .where("case_id", "=", caseId)
      .where("kind", "=", kind)
      .executeTakeFirst();
  }

  insert(values: Insertable<CaseDocumentsTable>, db: Kysely<DB>): Promise<CaseDocumentRow> {
    return db.insertInto("case_documents").values(values).returningAll().executeTakeFirstOrThrow();
  }
}
