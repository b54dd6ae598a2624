import { type CitizenSummary, maskIdNumber, maskName, maskPhone } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../../platform/auth/permissions.js";
import type { PiiCipher } from "../../../platform/crypto/pii.js";
import type { DB } from "../../../platform/db/schema.js";
import type { AuditLog } from "../../../platform/ports.js";
import type { RateLimiter } from "../../../platform/rate-limit.js";
import { AccountRepository, type AccountRow } from "../accounts.repository.js";
import { IdentityErrors } from "../errors.js";
import type { PersonalDataAccess } from "../personal-data.js";

/** Look-ups per staff member and hour: enough for a service window, not for walking the population. */
const LOOKUPS_PER_HOUR = 300;

export interface CitizenDeps {
  db: Kysely<DB>;
  pii: PiiCipher;
  audit: AuditLog;
  rateLimiter: RateLimiter;
  personalData: PersonalDataAccess;
}

/**
 * Citizens' accounts as staff see them (窗口核验): masked by default; the full values only through
 * PersonalDataAccess, which records who read what and why; level 3 real-name (三级) recorded by the clerk
 * who checked the person in person or by a strong factor.
 */
export class CitizenService {
  readonly #accounts: AccountRepository;
  constructor(private readonly d: CitizenDeps) {
    this.#accounts = new AccountRepository(d.db);
  }

  summary(a: AccountRow): CitizenSummary {
    return {
      id: a.id,
      displayName: a.display_name,
      realNameMasked: a.real_name ? maskName(a.real_name) : null,
      phoneMasked: a.phone_enc ? maskPhone(this.d.pii.decrypt("phone", a.phone_enc)) : "",
      idNumberMasked: a.id_number_enc ? maskIdNumber(this.d.pii.decrypt("id_number", a.id_number_enc)) : null,
      realnameLevel: a.realname_level as 1 | 2 | 3,
      realnameMethod: a.realname_method,
      status: a.status,
    };
  }

  async #citizen(id: string, db?: Kysely<DB>): Promise<AccountRow> {
    const a = await this.#accounts.findById(id, db);
    if (a?.kind !== "citizen") throw IdentityErrors.ACCOUNT_NOT_FOUND();
    return a;
  }

  async lookup(principal: Principal, q: { phone?: string; idNumber?: string }): Promise<CitizenSummary> {
    await this.d.rateLimiter.hit(`citizen-lookup:${principal.id}`, LOOKUPS_PER_HOUR, 3600);
    const a = q.phone
      ? await this.#accounts.findCitizenByPhone(this.d.pii.blindIndex("phone", q.phone))
      : q.idNumber
        ? await this.#accounts.findCitizenByIdNumber(this.d.pii.blindIndex("id_number", q.idNumber))
        : undefined;
    if (!a) throw IdentityErrors.ACCOUNT_NOT_FOUND();
    return this.summary(a);
  }

  /** The full values, recorded (pii_access_log + audit) before they are returned. */
  async personalData(principal: Principal, id: string, reason: string, requestId: string) {
    const account = await this.#citizen(id);
    const clear = await this.d.personalData.reveal({
      actor: `${principal.kind}:${principal.id}`,
      account,
      fields: ["real_name", "phone", "id_number"],
      reason,
      requestId,
    });
    return { realName: clear.realName, phone: clear.phone ?? "", idNumber: clear.idNumber };
  }

  /** Level 3: a staff member checked the person (already level 2) in person or by a strong factor. */
  async verifyLevel3(
    principal: Principal,
    id: string,
    input: { method: "in_person" | "strong_factor"; note: string },
  ): Promise<CitizenSummary> {
    return this.d.db.transaction().execute(async (trx) => {
      const account = await this.#citizen(id, trx);
      if (account.realname_level >= 3) throw IdentityErrors.REALNAME_ALREADY_VERIFIED();
      if (account.realname_level < 2) throw IdentityErrors.REALNAME_LEVEL_TOO_LOW();
      const updated = await this.#accounts.update(
        account.id,
        {
          realname_level: 3,
          realname_method: input.method,
          realname_verified_by: principal.id,
          realname_verified_at: new Date(),
        },
        trx,
      );
      await this.d.audit.append(
        {
          type: "identity.realname.verified",
          actor: `${principal.kind}:${principal.id}`,
          subject: `account:${account.id}`,
          payload: { level: 3, method: input.method, note: input.note },
        },
        trx,
      );
      return this.summary(updated ?? account);
    });
  }

  async accessLog(filter: { subject?: string; limit: number }) {
    const rows = await this.d.personalData.list(filter);
    return rows.map((r) => ({
      id: Number(r.id),
      actor: r.actor,
      subject: r.subject,
      field: r.field,
      reason: r.reason,
      requestId: r.request_id,
      createdAt: r.created_at.toISOString(),
    }));
  }
}
