/**
 * Materials of a case (申请材料): files uploaded by the applicant (content sniffed, size-limited,
 * SHA-256 recorded, kept in the file store) or e-licenses attached by reference (免提交). They can be
 * changed while the case is a draft or while a supplement request waits for them, and are only ever
 * served to someone who may read the case.
 */
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { MATERIAL_FILE_TYPES, sniffFile } from "../../platform/files/index.js";
import { type PersonalDataAccess, requireEnterpriseScope } from "../identity/index.js";
import { assertApplicant, assertReadable } from "./access.js";
import { actorFrom, type CaseDeps } from "./context.js";
import { mayHandInLater, outstanding } from "./deferral.js";
import { CaseErrors } from "./errors.js";
import { materialSpecOf } from "./mapping.js";
import type { CaseRow, DeferralRow, MaterialRow } from "./repository.js";
import { CaseWriter } from "./writer.js";

/** Besides the item's own materials an applicant may add this one (其他材料). */
export const OTHER_MATERIAL = "其他材料";

export class MaterialService {
  private readonly writer: CaseWriter;

  constructor(
    private readonly deps: CaseDeps,
    private readonly personalData: Pick<PersonalDataAccess, "record">,
  ) {
    this.writer = new CaseWriter(deps);
  }

  /** Checks before the body is read: the caller may change this case's materials now. */
  async assertMayUpload(p: Principal, caseId: string, material: string): Promise<CaseRow> {
    const row = await this.deps.repo.find(caseId);
    if (!row) throw CaseErrors.CASE_NOT_FOUND({ id: caseId });
    this.assertChangeable(p, row, material, await this.deps.repo.deferral(row.id));
    return row;
  }

  /** A draft, a case waiting for a supplement, or (容缺受理) a running case's deferred material. */
  private assertChangeable(p: Principal, row: CaseRow, material: string, deferral?: DeferralRow) {
    assertApplicant(p, row);
    const later = mayHandInLater(row, deferral, material);
    if (row.status !== "draft" && row.status !== "supplement_requested" && !later)
      throw CaseErrors.CASE_ILLEGAL_TRANSITION({ status: row.status, command: "edit" });
    if (material !== OTHER_MATERIAL && !materialSpecOf(row).some((m) => m.name === material))
      throw CaseErrors.CASE_MATERIAL_UNKNOWN({ material });
  }

  async addFile(
    p: Principal,
    caseId: string,
    material: string,
    file: { name: string; bytes: Buffer },
  ): Promise<MaterialRow> {
    const type = await sniffFile(file.bytes, MATERIAL_FILE_TYPES, { maxBytes: this.deps.config.materialMaxBytes });
    return this.writer.locked(caseId, async (trx, row) => {
      const deferral = await this.deps.repo.deferral(row.id, trx);
      this.assertChangeable(p, row, material, deferral);
      const stored = await this.deps.files.put(
        file.bytes,
        { name: file.name, contentType: type.mime, createdBy: `citizen:${p.id}` },
        trx,
      );
      const m = await this.deps.repo.insertMaterial(
        {
          case_id: row.id,
          material,
          kind: "file",
          file_id: stored.id,
          file_name: file.name,
          content_type: type.mime,
          size: stored.size,
          sha256: stored.sha256,
          supplement: row.status === "supplement_requested" || mayHandInLater(row, deferral, material),
          added_by: `citizen:${p.id}`,
        },
        trx,
      );
      const later = mayHandInLater(row, deferral, material);
      const updated = await this.writer.apply(trx, row, actorFrom(p), {
        set: {},
        action: {
          type: "material_added",
          payload: {
            materialId: m.id,
            material,
            fileName: file.name,
            sha256: stored.sha256,
            size: stored.size,
            ...(later ? { deferred: true } : {}),
          },
        },
      });
      if (later && deferral) await this.clearIfComplete(trx, updated, deferral, p);
      return m;
    });
  }

  /**
   * An e-license in place of an upload, for a material whose item names the license type. Whose license
   * is the material's: one about a person takes that person's own license, with their own consent, also
   * while they act for an enterprise (经办人身份证件: the person applying; 法定代表人身份证明: the legal
   * representative, so only when she applies herself — an agent cannot consent for her and uploads a copy);
   * one about the enterprise takes the enterprise's; without a holder the license type decides.
   */
  async addLicense(p: Principal, caseId: string, material: string, licenseId: string): Promise<MaterialRow> {
    return this.writer.locked(caseId, async (trx, row) => {
      this.assertChangeable(p, row, material);
      const spec = materialSpecOf(row).find((m) => m.name === material);
      const whose = spec?.licenseHolder ?? null;
      const acting = actorFrom(p).actingFor;
      // Using the enterprise's licenses is its own agent scope (授权用证); one's own needs only one's consent.
      const own = whose === "person" || whose === "representative";
      if (acting && !own) requireEnterpriseScope(p, "license.use");
      const found =
        spec?.fromLicense &&
        (await this.deps.licenses.authorise(trx, {
          holder: {
            accountId:
              whose === "enterprise" || (whose === "representative" && p.actingFor?.as !== "representative")
                ? null
                : p.id,
            enterpriseUscc: whose === "person" || whose === "representative" ? null : row.enterprise_uscc,
          },
          licenseId,
          type: spec.fromLicense,
          caseId: row.id,
          material,
          consentedBy: acting && !own ? `citizen:${p.id} for ${acting}` : `citizen:${p.id}`,
        }));
      if (!found) throw CaseErrors.CASE_LICENSE_NOT_FOUND({ material, licenseId });
      const m = await this.deps.repo.insertMaterial(
        {
          case_id: row.id,
          material,
          kind: "license",
          license_id: found.id,
          supplement: row.status === "supplement_requested",
          added_by: `citizen:${p.id}`,
        },
        trx,
      );
      await this.writer.apply(trx, row, actorFrom(p), {
        set: {},
        action: { type: "material_added", payload: { materialId: m.id, material, licenseId: found.id, consent: true } },
      });
      return m;
    });
  }

  /** 容缺受理: the last deferred material handed in fulfils the commitment (in the upload's transaction). */
  private async clearIfComplete(trx: Kysely<DB>, row: CaseRow, deferral: DeferralRow, p: Principal) {
    if ((await outstanding(this.deps, trx, deferral)).length > 0) return;
    await this.deps.repo.clearDeferral(row.id, this.deps.clock.now(), trx);
    await this.writer.record(trx, row, actorFrom(p), {
      type: "deferral_cleared",
      payload: { materials: deferral.materials, dueDate: deferral.due_date },
    });
  }

  /** The licenses attached by reference, with fields and a fresh verification, for a reader of the case. */
  async licenseUses(p: Principal, caseId: string) {
    const row = await this.deps.repo.find(caseId);
    if (!row) throw CaseErrors.CASE_NOT_FOUND({ id: caseId });
    assertReadable(p, row);
    return this.deps.licenses.uses(caseId);
  }

  async remove(p: Principal, caseId: string, materialId: string): Promise<void> {
    await this.writer.locked(caseId, async (trx, row) => {
      const m = await this.deps.repo.material(row.id, materialId, trx);
      if (!m) {
        assertApplicant(p, row);
        throw CaseErrors.CASE_MATERIAL_NOT_FOUND({ id: materialId });
      }
      this.assertChangeable(p, row, m.material);
      // Materials the case was filed with stay; a supplement may only take back what it added.
      if (row.status === "supplement_requested" && !m.supplement)
        throw CaseErrors.CASE_ILLEGAL_TRANSITION({ status: row.status, command: "edit" });
      await this.deps.repo.deleteMaterial(m.id, trx);
      await this.writer.apply(trx, row, actorFrom(p), {
        set: {},
        action: { type: "material_removed", payload: { materialId: m.id, material: m.material, sha256: m.sha256 } },
      });
    });
  }

  /** The bytes of a file material, for a caller who may read the case; a staff download is recorded. */
  async download(p: Principal, caseId: string, materialId: string, requestId?: string) {
    const row = await this.deps.repo.find(caseId);
    if (!row) throw CaseErrors.CASE_NOT_FOUND({ id: caseId });
    assertReadable(p, row);
    const m = await this.deps.repo.material(row.id, materialId);
    if (m?.kind !== "file" || !m.file_id) throw CaseErrors.CASE_MATERIAL_NOT_FOUND({ id: materialId });
    if (p.kind === "staff")
      await this.personalData.record({
        actor: `staff:${p.id}`,
        account: { id: row.applicant_account_id },
        fields: ["case_material"],
        reason: `case:${row.number ?? row.id} material:${m.id}`,
        requestId: requestId ?? null,
      });
    const file = await this.deps.files.get(m.file_id);
    return {
      name: m.file_name ?? "material",
      contentType: m.content_type ?? "application/octet-stream",
      bytes: file.bytes,
    };
  }
}
