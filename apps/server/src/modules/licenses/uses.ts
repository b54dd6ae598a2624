/**
 * 授权用证: a license attached to a case by reference instead of an upload. The holder's consent is
 * recorded per case and material in the case's own transaction; the departments handling the case then
 * see the license's fields and a fresh verification result. A license revoked or suspended later marks
 * its uses (see LicenseService.changeStatus), and the cases module records it in the case history.
 */

import type { LicenseUseView } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import { localDate } from "../../platform/clock/clock.js";
import type { DB } from "../../platform/db/schema.js";
import type { LicenseLookup, PrefillLicense } from "../cases/index.js";
import type { LicenseDeps } from "./context.js";
import { effectiveStatus, fieldValues } from "./mapping.js";
import type { HolderKey, LicenseRow } from "./repository.js";
import type { LicenseService, PersonIndexOf } from "./service.js";
import type { LicenseVerifier } from "./verify.service.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class LicenseUses implements LicenseLookup {
  constructor(
    private readonly deps: LicenseDeps,
    private readonly licenses: LicenseService,
    private readonly verifier: LicenseVerifier,
    private readonly personIndexOf: PersonIndexOf,
  ) {}

  async #heldBy(row: LicenseRow, holder: { accountId: string | null; enterpriseUscc: string | null }, trx: Kysely<DB>) {
    if (row.holder_kind === "enterprise")
      return holder.enterpriseUscc !== null && row.holder_uscc === holder.enterpriseUscc;
    if (holder.accountId === null) return false;
    const idBidx = await this.personIndexOf(holder.accountId, trx);
    return idBidx !== null && row.holder_id_bidx !== null && Buffer.from(row.holder_id_bidx).equals(idBidx);
  }

  async authorise(
    trx: Kysely<DB>,
    use: Parameters<LicenseLookup["authorise"]>[1],
  ): Promise<{ id: string; type: string } | null> {
    const row = UUID.test(use.licenseId)
      ? await this.deps.repo.findById(use.licenseId, trx)
      : await this.deps.repo.findByIdentifier(use.licenseId, trx);
    if (!row || row.type_code !== use.type) return null;
    const now = this.deps.clock.now();
    if (effectiveStatus(row, localDate(now, this.deps.timeZone)) !== "valid") return null;
    if (!(await this.#heldBy(row, use.holder, trx))) return null;
    await this.deps.repo.insertUse(
      {
        license_id: row.id,
        case_id: use.caseId,
        material: use.material,
        consented_by: use.consentedBy,
        consented_at: now,
        flagged_at: null,
        flagged_status: null,
      },
      trx,
    );
    await this.deps.audit.append(
      {
        type: "license.use_authorised",
        actor: use.consentedBy,
        subject: `license:${row.id}`,
        payload: { identifier: row.identifier, caseId: use.caseId, material: use.material },
        time: now,
      },
      trx,
    );
    return { id: row.id, type: row.type_code };
  }

  /**
   * 免填: the newest valid license of the type the applicant holds — the enterprise's for a type held by
   * enterprises (only while acting for it), the person's (by their verified ID number) otherwise.
   */
  async prefillSource(
    holder: { accountId: string; enterpriseUscc: string | null },
    typeCode: string,
  ): Promise<PrefillLicense | null> {
    const type = await this.deps.types.get(typeCode);
    if (!type) return null;
    let key: HolderKey | null = null;
    if (type.holder === "legal_person")
      key = holder.enterpriseUscc ? { kind: "enterprise", uscc: holder.enterpriseUscc } : null;
    else {
      const idBidx = await this.personIndexOf(holder.accountId);
      key = idBidx ? { kind: "person", idBidx } : null;
    }
    if (!key) return null;
    const { rows } = await this.deps.repo.listHeld([key], { typeCode, status: "valid", limit: 20, offset: 0 });
    const today = localDate(this.deps.clock.now(), this.deps.timeZone);
    const row = rows.find((r) => effectiveStatus(r, today) === "valid");
    if (!row) return null;
    return {
      id: row.id,
      typeName: type.name,
      typeNameEn: type.name_en ?? type.code,
      fields: Object.fromEntries(fieldValues(row, type).map((f) => [f.key, f.value])),
    };
  }

  async recordPrefill(trx: Kysely<DB>, read: Parameters<LicenseLookup["recordPrefill"]>[1]): Promise<void> {
    await this.deps.audit.append(
      {
        type: "license.prefill_read",
        actor: read.actor,
        actingFor: read.actingFor,
        subject: `license:${read.licenseId}`,
        payload: { caseId: read.caseId, fields: read.fields },
        time: this.deps.clock.now(),
      },
      trx,
    );
  }

  async uses(caseId: string): Promise<LicenseUseView[]> {
    const rows = await this.deps.repo.usesOfCase(caseId);
    const types = await this.deps.types.all();
    const licenses = rows.map(
      ({ material: _m, consented_at: _c, flagged_at: _f, use_case_id: _u, ...license }) => license,
    );
    const summaries = await this.licenses.summaries(licenses);
    return Promise.all(
      rows.map(async (r, i) => {
        const license = licenses[i];
        // Re-verify the credential as issued (signature, then the register's status), not just the stored status.
        const check = await this.verifier.credential(license.credential);
        const type = types.get(license.type_code);
        return {
          licenseId: license.id,
          material: r.material,
          consentedAt: r.consented_at.toISOString(),
          license: summaries[i],
          fields: type ? fieldValues(license, type) : [],
          verification: check.result,
          flaggedAt: r.flagged_at?.toISOString() ?? null,
        };
      }),
    );
  }
}
