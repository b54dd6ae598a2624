/**
 * 一表申请: the bundle application's one form (platform/forms/merge.ts says how the drafts' forms are merged).
 * Reading shows the drafts' data under the merged fields; saving writes every draft's form with exactly its
 * own properties in one transaction, each draft's version checked, each draft's change in its history and the
 * audit log as a single-case save would be.
 */
import type { ApplicationForm, BundleApplicationForm } from "@yiwang/contracts";
import type { Principal } from "../../platform/auth/permissions.js";
import { joinData, type MergedForm, mergeForms, splitData } from "../../platform/forms/merge.js";
import { assertApplicant } from "./access.js";
import type { BundleApplications } from "./bundles.service.js";
import { actorFrom, type CaseDeps } from "./context.js";
import { CaseErrors } from "./errors.js";
import { openForm, sealForm } from "./form-data.js";
import type { CaseRow } from "./repository.js";
import { CaseWriter } from "./writer.js";

type Loaded = Awaited<ReturnType<BundleApplications["load"]>>;

export class BundleForms {
  private readonly writer: CaseWriter;

  constructor(
    private readonly deps: CaseDeps,
    private readonly bundles: BundleApplications,
  ) {
    this.writer = new CaseWriter(deps);
  }

  /** Only the applicant (a citizen who is not gets 404, as for the application itself). */
  private check(p: Principal, id: string, cases: CaseRow[]) {
    const first = cases[0];
    if (!first) throw CaseErrors.CASE_BUNDLE_NOT_FOUND({ id });
    try {
      for (const c of cases) assertApplicant(p, c);
    } catch (err) {
      if (p.kind === "citizen") throw CaseErrors.CASE_BUNDLE_NOT_FOUND({ id });
      throw err;
    }
  }

  private merged({ app, cases }: Loaded): MergedForm {
    return mergeForms(
      cases.map((c) => ({ itemCode: c.item_code, itemName: c.item_name, form: c.form as ApplicationForm })),
      app.field_mappings ?? {},
    );
  }

  private view(loaded: Loaded): BundleApplicationForm {
    const { form, feeds } = this.merged(loaded);
    const names = new Map(loaded.cases.map((c) => [c.item_code, c.item_name]));
    const data = new Map(loaded.cases.map((c) => [c.item_code, openForm(this.deps.pii, c.id, c.form_data_enc)]));
    return {
      form: { schema: form.schema, uiSchema: form.uiSchema ?? {} },
      formData: joinData(feeds, data),
      feeds: Object.fromEntries(
        Object.entries(feeds).map(([f, targets]) => [
          f,
          targets.map((t) => ({ ...t, itemName: names.get(t.itemCode) ?? t.itemCode })),
        ]),
      ),
      versions: Object.fromEntries(loaded.cases.map((c) => [c.id, c.version])),
      editable: loaded.app.status === "draft" && loaded.cases.every((c) => c.status === "draft"),
    };
  }

  async get(p: Principal, id: string): Promise<BundleApplicationForm> {
    const loaded = await this.bundles.load(id);
    this.check(p, id, loaded.cases);
    return this.view(loaded);
  }

  async save(
    p: Principal,
    id: string,
    formData: Record<string, unknown>,
    versions: Record<string, number>,
  ): Promise<BundleApplicationForm> {
    await this.deps.db.transaction().execute(async (trx) => {
      const app = await trx
        .selectFrom("case_bundle_applications")
        .select("id")
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (!app) throw CaseErrors.CASE_BUNDLE_NOT_FOUND({ id });
      const loaded = await this.bundles.load(id, trx);
      this.check(p, id, loaded.cases);
      const split = splitData(this.merged(loaded).feeds, formData);
      for (const c of loaded.cases) {
        const row = await this.deps.repo.lock(c.id, trx);
        if (!row) throw CaseErrors.CASE_NOT_FOUND({ id: c.id });
        const expected = versions[row.id];
        if (expected === undefined)
          throw CaseErrors.CASE_VERSION_CONFLICT({ caseId: row.id, expected: null, current: row.version });
        this.writer.checkVersion(row, expected);
        if (row.status !== "draft") throw CaseErrors.CASE_ILLEGAL_TRANSITION({ status: row.status });
        await this.writer.apply(trx, row, actorFrom(p), {
          set: { form_data_enc: sealForm(this.deps.pii, row.id, split.get(row.item_code) ?? {}) },
          action: { type: "updated", payload: { bundleForm: true } },
        });
      }
    });
    return this.view(await this.bundles.load(id));
  }
}
