/**
 * The applicant's side of a case: start a draft for an item's current published version, fill in the
 * form, submit (validated against the version's form, required materials present), withdraw before a
 * decision, and answer a supplement request (补齐补正) — which restarts the clock and moves the deadline.
 */
import { randomUUID } from "node:crypto";
import type { ApplicationForm, ServiceItem } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { ActingFor, Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { PlatformErrors } from "../../platform/errors.js";
import { defaultApplicationForm, validateFormData } from "../../platform/forms/json-schema.js";
import { requireEnterpriseScope } from "../identity/index.js";
import { assertApplicant } from "./access.js";
import { actorFrom, type CaseActor, type CaseDeps } from "./context.js";
import { deferrableAtFiling, missingRequired } from "./deferral.js";
import { CaseErrors } from "./errors.js";
import { openForm, sealForm } from "./form-data.js";
import { type MaterialSpec, planOf, type StoredPlan } from "./mapping.js";
import { type PrefillResult, recordReads, resolvePrefill } from "./prefill.js";
import { CaseProgress } from "./progress.js";
import type { CaseChildren, CaseRow, MaterialRow } from "./repository.js";
import { isLegal } from "./state.js";
import { buildPlan, type DepartmentRef, departmentIds, startsWithDecision, statusAtStep } from "./workflow.js";
import { CaseWriter, type Transition } from "./writer.js";

export interface ItemSource {
  getPublished(code: string): Promise<ServiceItem>;
}

export interface PreparedDraft {
  item: ServiceItem;
  enterprise: ActingFor | null;
  lead: DepartmentRef;
  plan: StoredPlan;
  form: ApplicationForm;
  contact: ApplicantContact;
  formData: Record<string, unknown>;
  prefilled: PrefillResult["prefilled"];
  reads: PrefillResult["reads"];
}

export interface ApplicantContact {
  name: string;
  phone: string | null;
  /** The verified ID number (real-name level 2+): the population registry's key for 免填, never stored. */
  idNumber?: string | null;
}

export class ApplicationService {
  readonly writer: CaseWriter;
  readonly progress: CaseProgress;

  constructor(
    private readonly deps: CaseDeps,
    private readonly items: ItemSource,
    private readonly contactOf: (accountId: string) => Promise<ApplicantContact>,
  ) {
    this.writer = new CaseWriter(deps);
    this.progress = new CaseProgress(deps);
  }

  /** A draft for the item's current published version, as oneself or for the enterprise acted for. */
  async create(p: Principal, itemCode: string): Promise<CaseRow> {
    const draft = await this.prepare(p, itemCode);
    return this.deps.db.transaction().execute((trx) => this.insertDraft(trx, p, draft));
  }

  /**
   * Everything a draft needs, read before any transaction opens (the catalog, departments and the
   * applicant's account are other modules' reads): checks who may apply, builds the workflow plan,
   * the form and its prefilled data.
   */
  async prepare(p: Principal, itemCode: string): Promise<PreparedDraft> {
    if (p.kind !== "citizen") throw PlatformErrors.FORBIDDEN({ permission: "case.apply" });
    const item = await this.items.getPublished(itemCode);
    if (item.onlineDepth < 3) throw CaseErrors.CASE_ITEM_NOT_APPLICABLE({ onlineDepth: item.onlineDepth });
    const enterprise = p.actingFor ? requireEnterpriseScope(p, "case.apply") : null;
    if ((item.audience === "legal_person" && !enterprise) || (item.audience === "natural_person" && enterprise))
      throw CaseErrors.CASE_AUDIENCE_MISMATCH({ audience: item.audience, actingFor: enterprise?.uscc ?? null });
    const level = Number(item.realNameLevel.slice(1));
    if (p.realnameLevel < level)
      throw PlatformErrors.REALNAME_LEVEL_REQUIRED({ required: level, current: p.realnameLevel });

    const departments = await this.deps.departments();
    const built = buildPlan(item.steps, departments);
    if ("issues" in built) throw CaseErrors.CASE_WORKFLOW_INVALID({ issues: built.issues });
    const lead = departments.get(item.dept);
    if (!lead) throw CaseErrors.CASE_WORKFLOW_INVALID({ issues: [`dept ${item.dept}`] });
    const form: ApplicationForm = item.form ?? defaultApplicationForm(item.audience);
    const { idNumber, ...contact } = await this.contactOf(p.id);
    const filled = await resolvePrefill(this.deps, form.schema, {
      accountId: p.id,
      ...contact,
      idNumber: idNumber ?? null,
      enterprise,
    });
    return {
      item,
      enterprise,
      lead,
      plan: { lead: { key: item.dept, id: lead.id, name: lead.name }, steps: built.plan },
      form,
      contact,
      ...filled,
    };
  }

  async insertDraft(
    trx: Kysely<DB>,
    p: Principal,
    d: PreparedDraft,
    bundle?: { id: string; step: number; position: number },
  ): Promise<CaseRow> {
    const { item, enterprise, lead, plan } = d;
    const materials: MaterialSpec[] = item.materials.map((m) => ({
      name: m.name,
      required: m.required,
      fromLicense: m.fromLicense,
      licenseHolder: m.licenseHolder,
    }));
    const id = randomUUID();
    const row = await this.deps.repo.insertCase(
      {
        id,
        item_code: item.code,
        item_version: item.version,
        item_name: item.name,
        audience: item.audience,
        lead_dept: item.dept,
        dept_ids: [...new Set([lead.id, ...departmentIds(plan.steps)])],
        region_code: lead.regionCode,
        steps: JSON.stringify(plan),
        materials_spec: JSON.stringify(materials),
        form: JSON.stringify(d.form),
        promise_days: item.promiseDays,
        applicant_account_id: p.id,
        applicant_name: d.contact.name,
        enterprise_id: enterprise?.enterpriseId ?? null,
        enterprise_uscc: enterprise?.uscc ?? null,
        enterprise_name: enterprise?.name ?? null,
        form_data_enc: sealForm(this.deps.pii, id, d.formData),
        prefilled: JSON.stringify(d.prefilled),
        bundle_application_id: bundle?.id ?? null,
        bundle_step: bundle?.step ?? null,
        bundle_position: bundle?.position ?? null,
        status: "draft",
      },
      trx,
    );
    await this.writer.record(trx, row, actorFrom(p), {
      type: "created",
      payload: { itemCode: item.code, itemVersion: item.version },
    });
    await recordReads(this.deps, trx, id, { id: p.id, actingFor: actorFrom(p).actingFor }, d.reads);
    return row;
  }

  async updateForm(p: Principal, caseId: string, formData: Record<string, unknown>, version: number) {
    return this.writer.locked(caseId, async (trx, row) => {
      assertApplicant(p, row);
      this.writer.checkVersion(row, version);
      if (!isLegal("edit", row.status as never)) throw CaseErrors.CASE_ILLEGAL_TRANSITION({ status: row.status });
      return this.writer.apply(trx, row, actorFrom(p), {
        set: { form_data_enc: sealForm(this.deps.pii, row.id, formData) },
        action: { type: "updated" },
      });
    });
  }

  /** Files a draft; `children` when the filing's statement answered them too (see CaseWriter.applyAlone). */
  async submit(p: Principal, caseId: string, version: number): Promise<{ row: CaseRow; children?: CaseChildren }> {
    const found = await this.deps.repo.findWithMaterials(caseId);
    if (!found) throw CaseErrors.CASE_NOT_FOUND({ id: caseId });
    const draft = found.row;
    const check = (row: CaseRow) => {
      assertApplicant(p, row);
      this.writer.checkVersion(row, version);
      if (row.bundle_application_id) throw CaseErrors.CASE_ILLEGAL_TRANSITION({ status: row.status, bundle: true });
      if (row.status !== "draft") throw CaseErrors.CASE_ILLEGAL_TRANSITION({ status: row.status });
    };
    check(draft);
    await this.checkComplete(this.deps.db, draft, found.materials);
    await this.checkCredit(this.deps.db, draft);
    const number = await this.allocateNumber(draft);
    const actor = actorFrom(p);
    const now = this.deps.clock.now();
    // Checked on the row as read: filed only if it is still at that version (else 409), without a lock. A
    // first step that is not a decision writes nothing but the change itself: one statement.
    if (!startsWithDecision(planOf(draft).steps))
      return this.writer.applyAlone(draft, actor, this.filing({ ...draft, number }, now, null));
    const row = await this.writer.unlocked(draft, (trx, row) =>
      this.submitIn(trx, row, actor, number, false, draft.version),
    );
    return { row };
  }

  /**
   * Files a locked draft under its number: checks form, materials and the enterprise's credit again, opens
   * the first step. The checks are skipped when the locked row is still at `checkedVersion`, the version
   * just checked outside the transaction: every change of form or materials bumps the version under this
   * lock, so nothing they read can have changed — queries, a decryption and an ajv run less while the row
   * is held. (The credit check reads no row of the case; read committed, it sees inside the transaction
   * what it saw just before.)
   */
  async submitIn(
    trx: Kysely<DB>,
    row: CaseRow,
    actor: CaseActor,
    number: string,
    queued = false,
    checkedVersion?: number,
  ): Promise<CaseRow> {
    if (row.status !== "draft") throw CaseErrors.CASE_ILLEGAL_TRANSITION({ status: row.status });
    if (row.version !== checkedVersion) {
      await this.checkComplete(trx, row);
      await this.checkCredit(trx, row);
    }
    const now = this.deps.clock.now();
    if (queued)
      return this.writer.apply(trx, row, actor, {
        set: { status: "queued", number, submitted_at: now },
        action: { type: "queued", payload: { number } },
      });
    return this.file(trx, { ...row, number }, actor, now);
  }

  /** 信用监管: a blacklisted enterprise is refused the items its punishment rule names. */
  private async checkCredit(db: Kysely<DB>, row: CaseRow): Promise<void> {
    if (!row.enterprise_uscc) return;
    const verdict = await this.deps.credit.check(db, { itemCode: row.item_code, enterpriseUscc: row.enterprise_uscc });
    if (verdict?.measure === "block") throw CaseErrors.CASE_CREDIT_BLOCKED(verdict);
  }

  /** Opens the first step of a numbered case (a draft, or a queued bundle case whose turn has come). */
  async file(trx: Kysely<DB>, row: CaseRow, actor: CaseActor, now: Date): Promise<CaseRow> {
    const immediate = startsWithDecision(planOf(row).steps);
    const deadline = immediate ? await this.progress.startClock(trx, row, now) : null;
    const filed = await this.writer.apply(trx, row, actor, this.filing(row, now, deadline));
    if (immediate) await this.progress.armTimer(trx, filed);
    return filed;
  }

  /** The change that files a numbered case: its first step's tasks; accepted at once when that step decides. */
  private filing(row: CaseRow, now: Date, deadline: string | null): Transition {
    const immediate = deadline !== null;
    return {
      set: {
        status: statusAtStep(planOf(row).steps, 0),
        number: row.number,
        current_step: 0,
        submitted_at: row.submitted_at ?? now,
        ...(immediate ? { accepted_at: now, deadline_date: deadline } : {}),
      },
      action: { type: "submitted", payload: { number: row.number, immediate } },
      event: "submitted",
      tasks: this.progress.stepTasks(row, 0),
    };
  }

  async withdraw(p: Principal, caseId: string, version: number, reason: string) {
    return this.writer.locked(caseId, async (trx, row) => {
      assertApplicant(p, row);
      this.writer.checkVersion(row, version);
      if (!isLegal("withdraw", row.status as never)) throw CaseErrors.CASE_ILLEGAL_TRANSITION({ status: row.status });
      await this.deps.repo.cancelOpenTasks(row.id, trx);
      const open = await this.deps.repo.openPause(row.id, trx);
      if (open)
        await this.deps.repo.endPause(
          open.id,
          { ended_at: this.deps.clock.now(), result: "withdrawn", working_days: 0 },
          trx,
        );
      await this.progress.disarmTimer(trx, row);
      if (row.status === "draft") {
        if (row.bundle_application_id) throw CaseErrors.CASE_ILLEGAL_TRANSITION({ status: row.status, bundle: true });
        return this.writer.apply(trx, row, actorFrom(p), {
          set: { status: "cancelled" },
          action: { type: "cancelled", comment: reason },
        });
      }
      return this.writer.apply(trx, row, actorFrom(p), {
        set: { status: "withdrawn", paused_at: null },
        action: { type: "withdrawn", comment: reason },
        event: "withdrawn",
      });
    });
  }

  /** The applicant answers the supplement request: the case returns to the stage it was at. */
  async answerSupplement(
    p: Principal,
    caseId: string,
    body: { version: number; formData?: Record<string, unknown>; note?: string },
  ) {
    return this.writer.locked(caseId, async (trx, row) => {
      assertApplicant(p, row);
      this.writer.checkVersion(row, body.version);
      if (!isLegal("answer_supplement", row.status as never))
        throw CaseErrors.CASE_ILLEGAL_TRANSITION({ status: row.status });
      const sealed = body.formData ? sealForm(this.deps.pii, row.id, body.formData) : row.form_data_enc;
      await this.checkComplete(trx, { ...row, form_data_enc: sealed });
      const pause = await this.deps.repo.openPause(row.id, trx);
      if (!pause) throw new Error(`case ${row.id} is waiting for a supplement without an open pause`);
      const now = this.deps.clock.now();
      const moved = await this.progress.restartClock(trx, row, pause, now);
      await this.deps.repo.endPause(
        pause.id,
        { ended_at: now, result: body.note ?? null, working_days: moved.waited },
        trx,
      );
      const resumed = await this.writer.apply(trx, row, actorFrom(p), {
        set: {
          status: row.status_before_pause ?? "submitted",
          status_before_pause: null,
          paused_at: null,
          form_data_enc: sealed,
          deadline_date: moved.deadlineDate,
          paused_working_days: row.paused_working_days + moved.waited,
        },
        action: {
          type: "supplement_answered",
          comment: body.note ?? null,
          payload: { waitedWorkingDays: moved.waited, deadlineDate: moved.deadlineDate },
        },
        event: "supplement_answered",
      });
      await this.progress.armTimer(trx, resumed);
      return resumed;
    });
  }

  /**
   * 422 unless the form validates against the version's schema and every required material is there — but
   * for those 容缺受理 lets this enterprise hand in later (the item's rule, or deferred at acceptance).
   */
  async checkComplete(trx: Kysely<DB>, row: CaseRow, materials?: readonly MaterialRow[]) {
    const form = row.form as ApplicationForm;
    const issues = validateFormData(form.schema, openForm(this.deps.pii, row.id, row.form_data_enc));
    if (issues.length > 0) throw CaseErrors.CASE_FORM_INVALID({ issues });
    const missing = await missingRequired(this.deps, trx, row, materials);
    if (missing.length === 0) return;
    const later = await deferrableAtFiling(this.deps, trx, row);
    for (const name of (await this.deps.repo.deferral(row.id, trx))?.materials ?? []) later.add(name);
    const due = missing.filter((name) => !later.has(name));
    if (due.length > 0) throw CaseErrors.CASE_MATERIALS_MISSING({ missing: due });
  }

  /**
   * 办件编号: region code, local filing date, and a per-region-per-day sequence (sortable as text). The
   * counter is taken in its own short transaction before the filing transaction, and only after the
   * draft has passed its checks: held inside the filing transaction, the counter row would serialise
   * every submission of a region for the length of that transaction. The price is a rare gap when a
   * filing fails after its number was taken (a concurrent change); numbers stay unique and increasing.
   */
  async allocateNumber(row: CaseRow): Promise<string> {
    const cal = await this.deps.calendar.calendar();
    const prefix = `${row.region_code}-${cal.localDate(this.deps.clock.now()).replaceAll("-", "")}`;
    const seq = await this.deps.repo.allocateNumber(prefix);
    return `${prefix}-${String(seq).padStart(6, "0")}`;
  }
}
