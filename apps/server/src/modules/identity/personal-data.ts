import { type Kysely, type QueryCreator, sql } from "kysely";
import type { PiiCipher } from "../../platform/crypto/pii.js";
import type { DB } from "../../platform/db/schema.js";
import type { AuditLog } from "../../platform/ports.js";
import type { AccountRow } from "./accounts.repository.js";

export type PersonalField =
  | "phone"
  | "id_number"
  | "real_name"
  | "case_form"
  | "case_material"
  | "license"
  | "evaluation_photo"
  | "bank_account"
  | "caller_name"
  | "caller_phone";

export interface AccessRecord {
  /** Who read it, e.g. "staff:<uuid>" or "client:<client id>". */
  actor: string;
  /** Whose data: the account, or null when the data is held for someone without one (a license's holder). */
  account: Pick<AccountRow, "id"> | null;
  /** What was read, when not the account itself (e.g. "license:<id>"). */
  subject?: string;
  fields: readonly PersonalField[];
  /** Why (required from the reader; "oidc:<client>" for a consented ID-token claim). */
  reason: string;
  requestId?: string | null;
}

/**
 * Unmasked reads of personal data. Masked values are the default everywhere; when a role or a consented
 * OIDC scope needs the full value, it comes through `reveal`, which records who, when, whose, which field
 * and why in `pii_access_log` and in the audit log — in the same transaction as nothing else, because a
 * read has no other change: the record is written before the value is returned.
 */
export class PersonalDataAccess {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly pii: PiiCipher,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Records an access: the access-log rows and the audit entry in one statement (data-modifying CTEs), so on
   * its own it commits as one without BEGIN and COMMIT — one round trip instead of four on every staff read
   * of a case. Given `within`, the statement joins that transaction (a payment instruction that reads the
   * account it pays is recorded with the payment, and a second connection is not needed for it).
   */
  async record(r: AccessRecord, within?: Kysely<DB>): Promise<void> {
    const subject = r.subject ?? (r.account ? `account:${r.account.id}` : null);
    if (!subject) throw new Error("a personal-data access names the account or the subject read");
    const rows = r.fields.map((field) => ({
      actor: r.actor,
      account_id: r.account?.id ?? null,
      subject,
      field,
      reason: r.reason,
      request_id: r.requestId ?? null,
    }));
    const audit = this.audit.entryCte({
      type: "identity.pii.unmasked",
      actor: r.actor,
      subject,
      payload: { fields: r.fields, reason: r.reason },
    });
    await (within ?? this.db)
      .with("logged", (db) => db.insertInto("pii_access_log").values(rows))
      .with("audit", (db) => audit(db as unknown as QueryCreator<DB>))
      .selectNoFrom(sql<number>`1`.as("ok"))
      .execute();
  }

  /** Records the access, then returns the requested fields in clear. */
  async reveal(
    r: AccessRecord & { account: AccountRow },
  ): Promise<{ phone: string | null; idNumber: string | null; realName: string | null }> {
    await this.record(r);
    const a = r.account;
    return {
      phone: r.fields.includes("phone") && a.phone_enc ? this.pii.decrypt("phone", a.phone_enc) : null,
      idNumber:
        r.fields.includes("id_number") && a.id_number_enc ? this.pii.decrypt("id_number", a.id_number_enc) : null,
      realName: r.fields.includes("real_name") ? a.real_name : null,
    };
  }

  async list(filter: { subject?: string; limit: number }) {
    let q = this.db.selectFrom("pii_access_log").selectAll();
    if (filter.subject) q = q.where("subject", "=", filter.subject);
    return q.orderBy("id", "desc").limit(filter.limit).execute();
  }
}
