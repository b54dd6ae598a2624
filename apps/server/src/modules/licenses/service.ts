/**
 * Licenses as their holders and issuers see them: the wallet (我的证照), a license's detail and PDF, a
 * department's issued licenses, status changes (suspend, restore, revoke — each audited, the status lists
 * updated, and the cases that used the license marked), and license type management.
 */

import type {
  LicenseDetail,
  LicenseListQuery,
  LicenseStatusChange,
  LicenseSummary,
  LicenseTypeDetail,
  LicenseTypeUpdate,
} from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { assertCan } from "../../platform/auth/guard.js";
import { type Principal, permissionScope } from "../../platform/auth/permissions.js";
import { localDate } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import { PlatformErrors } from "../../platform/errors.js";
import { type PersonalDataAccess, requireEnterpriseScope } from "../identity/index.js";
import type { LicenseDeps } from "./context.js";
import { LicenseErrors } from "./errors.js";
import { fieldValues, type Issuer, toSummary, toTypeDetail } from "./mapping.js";
import { verifyUrl } from "./qr.js";
import type { HolderKey, LicenseRow, LicenseTypeRow } from "./repository.js";
import { STATUS_LISTS_CACHE } from "./status-lists.js";
import { LICENSE_TYPES_CACHE } from "./type-cache.js";
import { LICENSE_VERIFICATION_CACHE } from "./verification-cache.js";

const actor = (p: Principal) => `${p.kind}:${p.id}`;

/** The blind index of a citizen's verified ID number (identity owns accounts). */
export type PersonIndexOf = (accountId: string, trx?: Kysely<DB>) => Promise<Buffer | null>;

export class LicenseService {
  constructor(
    private readonly deps: LicenseDeps,
    private readonly personIndexOf: PersonIndexOf,
    private readonly personalData: Pick<PersonalDataAccess, "record">,
  ) {}

  /**
   * The issuing department as answers name it, from the org module's cache (dropped on every process when
   * a department changes; a per-process map here used to keep a renamed department's old name for good).
   */
  async issuer(departmentId: string, trx?: Kysely<DB>): Promise<Issuer> {
    const d = await this.deps.departments.get(departmentId, trx);
    return { id: d.id, code: d.code, name: d.name };
  }

  #types(): Promise<ReadonlyMap<string, LicenseTypeRow>> {
    return this.deps.types.all();
  }

  async summaries(rows: LicenseRow[]): Promise<LicenseSummary[]> {
    const types = await this.#types();
    const today = localDate(this.deps.clock.now(), this.deps.timeZone);
    return Promise.all(
      rows.map(async (r) => {
        const type = types.get(r.type_code);
        if (!type) throw new Error(`license ${r.id} has unknown type ${r.type_code}`);
        return toSummary(r, type, await this.issuer(r.department_id), this.deps.pii, today);
      }),
    );
  }

  /**
   * The holders a signed-in citizen may see licenses of: themselves, or the enterprise they act for. While
   * acting, `which = "person"` asks for their own (a material about them takes their license).
   */
  async holdersOf(p: Principal, which?: "person" | "enterprise"): Promise<HolderKey[]> {
    if (p.kind !== "citizen") return [];
    if (which === "enterprise" && !p.actingFor) return [];
    // An agent (经办人) sees the enterprise's licenses only with the license.use scope (授权用证).
    if (p.actingFor && which !== "person")
      return [{ kind: "enterprise", uscc: requireEnterpriseScope(p, "license.use").uscc }];
    const idBidx = await this.personIndexOf(p.id);
    return idBidx ? [{ kind: "person", idBidx }] : [];
  }

  async isHolder(p: Principal, row: LicenseRow): Promise<boolean> {
    const holders = await this.holdersOf(p);
    return holders.some((h) =>
      h.kind === "enterprise"
        ? row.holder_kind === "enterprise" && row.holder_uscc === h.uscc
        : row.holder_kind === "person" &&
          row.holder_id_bidx !== null &&
          Buffer.from(row.holder_id_bidx).equals(h.idBidx),
    );
  }

  async wallet(p: Principal, query: LicenseListQuery) {
    const filter = { ...query, status: query.status === "expired" ? undefined : query.status };
    const { rows, total } = await this.deps.repo.listHeld(await this.holdersOf(p, query.holder), filter);
    return { items: await this.summaries(rows), total };
  }

  async issued(p: Principal, query: LicenseListQuery & { departmentId?: string }) {
    const scope = permissionScope(p, "license.read");
    if (!scope) throw PlatformErrors.FORBIDDEN({ permission: "license.read" });
    if (!scope.all && query.departmentId && query.departmentId !== scope.departmentId)
      throw PlatformErrors.FORBIDDEN({ permission: "license.read" });
    const departmentId = scope.all ? query.departmentId : scope.departmentId;
    const status = query.status === "expired" ? undefined : query.status;
    const { rows, total } = await this.deps.repo.listIssued({ ...query, status, departmentId });
    return { items: await this.summaries(rows), total };
  }

  /** A license its holder or its issuing department's staff may read; others get 404 (no probing). */
  async readable(p: Principal, id: string): Promise<LicenseRow> {
    const row = await this.deps.repo.findById(id);
    if (!row) throw LicenseErrors.LICENSE_NOT_FOUND({ id });
    if (p.kind === "staff") {
      const scope = permissionScope(p, "license.read");
      if (scope && (scope.all || scope.departmentId === row.department_id)) return row;
    } else if (await this.isHolder(p, row)) return row;
    throw LicenseErrors.LICENSE_NOT_FOUND({ id });
  }

  async detail(p: Principal, id: string, requestId?: string): Promise<LicenseDetail> {
    const row = await this.readable(p, id);
    await this.#recordStaffRead(p, row, "fields", requestId);
    return this.detailOf(row);
  }

  /** The public verification URL of a license the caller may read (what its QR code encodes). */
  async verifyUrlOf(p: Principal, id: string): Promise<string> {
    return verifyUrl(this.deps.publicUrl, (await this.readable(p, id)).qr_token);
  }

  /**
   * A license carries its holder's personal data (name, ID number, sex, birth date, address): staff of the
   * issuing department read it in full to do their work, and every such read is recorded in the
   * personal-data access log and the audit log before the data leaves. The holder's own reads are not.
   */
  async #recordStaffRead(p: Principal, row: LicenseRow, what: "fields" | "pdf", requestId?: string) {
    if (p.kind !== "staff") return;
    await this.personalData.record({
      actor: `staff:${p.id}`,
      account: null,
      subject: `license:${row.id}`,
      fields: ["license"],
      reason: `license.${what}:${row.identifier}`,
      requestId: requestId ?? null,
    });
  }

  async detailOf(row: LicenseRow): Promise<LicenseDetail> {
    const [summary] = await this.summaries([row]);
    const type = await this.deps.repo.type(row.type_code);
    if (!type) throw LicenseErrors.LICENSE_TYPE_NOT_FOUND({ code: row.type_code });
    return {
      ...summary,
      fields: fieldValues(row, type),
      qrToken: row.qr_token,
      verifyUrl: verifyUrl(this.deps.publicUrl, row.qr_token),
      credential: row.credential,
      hasPdf: row.pdf_file_id !== null,
    };
  }

  async pdf(p: Principal, id: string, requestId?: string): Promise<{ identifier: string; bytes: Buffer }> {
    const row = await this.readable(p, id);
    if (!row.pdf_file_id) throw LicenseErrors.LICENSE_NO_PDF({ id });
    await this.#recordStaffRead(p, row, "pdf", requestId);
    const { bytes } = await this.deps.files.get(row.pdf_file_id);
    return { identifier: row.identifier, bytes };
  }

  async changeStatus(p: Principal, id: string, change: LicenseStatusChange): Promise<LicenseDetail> {
    const row = await this.deps.db.transaction().execute(async (trx) => {
      const current = await this.deps.repo.findById(id, trx, true);
      if (!current) throw LicenseErrors.LICENSE_NOT_FOUND({ id });
      assertCan(p, "license.manage", current.department_id);
      if (current.status === "revoked") throw LicenseErrors.LICENSE_REVOKED_FINAL({ id });
      if (current.status === change.status) throw LicenseErrors.LICENSE_STATUS_UNCHANGED({ status: change.status });
      const now = this.deps.clock.now();
      const updated = await this.deps.repo.setStatus(id, change.status, change.reason, now, trx);
      if (!updated) throw LicenseErrors.LICENSE_NOT_FOUND({ id });
      // Public verification answers from the cache: every node drops this license's entry on commit.
      await this.deps.cache.invalidate(trx, LICENSE_VERIFICATION_CACHE, current.identifier);
      await this.deps.cache.invalidate(trx, STATUS_LISTS_CACHE); // the published bits
      const caseIds = change.status === "valid" ? [] : await this.deps.repo.flagUses(id, change.status, now, trx);
      await this.deps.audit.append(
        {
          type: `license.${change.status === "valid" ? "restored" : change.status}`,
          actor: actor(p),
          subject: `license:${id}`,
          payload: {
            identifier: current.identifier,
            from: current.status,
            to: change.status,
            reason: change.reason,
            caseIds,
          },
          time: now,
        },
        trx,
      );
      await this.deps.events.publish(trx, {
        type: "license.status_changed",
        subject: `license:${id}`,
        payload: {
          licenseId: id,
          identifier: current.identifier,
          status: change.status,
          reason: change.reason,
          caseIds,
        },
      });
      return updated;
    });
    return this.detailOf(row);
  }

  async types(): Promise<LicenseTypeDetail[]> {
    return (await this.deps.repo.types()).map(toTypeDetail);
  }

  async updateType(p: Principal, code: string, input: LicenseTypeUpdate): Promise<LicenseTypeDetail> {
    assertCan(p, "license.type.manage");
    const detail = await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.deps.repo.type(code, trx);
      if (!before) throw LicenseErrors.LICENSE_TYPE_NOT_FOUND({ code });
      const updated = await this.deps.repo.updateType(
        code,
        { name: input.name, name_en: input.nameEn ?? null, valid_years: input.validYears, fields: input.fields },
        trx,
      );
      if (!updated) throw LicenseErrors.LICENSE_TYPE_NOT_FOUND({ code });
      await this.deps.cache.invalidate(trx, LICENSE_TYPES_CACHE); // its name shows in verification answers
      await this.deps.audit.append(
        { type: "license.type.updated", actor: actor(p), subject: `license-type:${code}`, payload: { ...input } },
        trx,
      );
      return toTypeDetail(updated);
    });
    return detail;
  }
}
