/**
 * 一件事一次办: one application for a bundle creates a draft case per item, linked to the application and
 * numbered by the bundle's step. Submitting files the first step's cases and queues the rest; when every
 * case of a step is approved, the next step's cases are filed (an event subscriber, see subscribers.ts);
 * a refusal, denial or withdrawal cancels what is still queued.
 */
import type { BundleApplication, CaseStatus } from "@yiwang/contracts";
import type { Kysely } from "kysely";
import type { Principal } from "../../platform/auth/permissions.js";
import type { DB } from "../../platform/db/schema.js";
import { AppError, PlatformErrors } from "../../platform/errors.js";
import { assertApplicant, assertReadable } from "./access.js";
import type { ApplicationService, PreparedDraft } from "./application.service.js";
import { actorFrom, type CaseActor, type CaseDeps, SYSTEM } from "./context.js";
import { CaseErrors } from "./errors.js";
import { toSummary } from "./mapping.js";
import type { CaseRow } from "./repository.js";
import { CaseWriter } from "./writer.js";

export interface BundleSource {
  getPublished(code: string): Promise<{
    code: string;
    name: string;
    items: (string | { parallel: string[] })[];
    fieldMappings: Record<string, Record<string, string>>;
  }>;
}

const SUCCESS: ReadonlySet<string> = new Set(["approved", "delivered"]);

export class BundleApplications {
  private readonly writer: CaseWriter;

  constructor(
    private readonly deps: CaseDeps,
    private readonly bundles: BundleSource,
    private readonly applications: ApplicationService,
  ) {
    this.writer = new CaseWriter(deps);
  }

  async create(p: Principal, bundleCode: string): Promise<BundleApplication> {
    if (p.kind !== "citizen") throw PlatformErrors.FORBIDDEN({ permission: "case.apply" });
    const bundle = await this.bundles.getPublished(bundleCode);
    const drafts: { step: number; draft: PreparedDraft }[] = [];
    for (const [step, entry] of bundle.items.entries())
      for (const code of typeof entry === "string" ? [entry] : entry.parallel)
        drafts.push({ step, draft: await this.applications.prepare(p, code) });
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const app = await trx
        .insertInto("case_bundle_applications")
        .values({
          bundle_code: bundle.code,
          bundle_name: bundle.name,
          applicant_account_id: p.id,
          enterprise_id: p.actingFor?.enterpriseId ?? null,
          field_mappings: JSON.stringify(bundle.fieldMappings ?? {}),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const [position, { step, draft }] of drafts.entries())
        await this.applications.insertDraft(trx, p, draft, { id: app.id, step, position });
      return app.id;
    });
    return this.get(p, id);
  }

  async load(id: string, db: Kysely<DB> = this.deps.db) {
    const app = await db.selectFrom("case_bundle_applications").selectAll().where("id", "=", id).executeTakeFirst();
    if (!app) throw CaseErrors.CASE_BUNDLE_NOT_FOUND({ id });
    const cases = await db
      .selectFrom("cases")
      .selectAll()
      .where("bundle_application_id", "=", id)
      .orderBy("bundle_step")
      .orderBy("bundle_position")
      .execute();
    return { app, cases };
  }

  async get(p: Principal, id: string): Promise<BundleApplication> {
    const { app, cases } = await this.load(id);
    if (!cases[0]) throw CaseErrors.CASE_BUNDLE_NOT_FOUND({ id });
    try {
      assertReadable(p, cases[0]);
    } catch (err) {
      if (p.kind === "citizen") throw CaseErrors.CASE_BUNDLE_NOT_FOUND({ id });
      throw err;
    }
    const cal = await this.deps.calendar.calendar();
    const now = this.deps.clock.now();
    return {
      id: app.id,
      bundleCode: app.bundle_code,
      bundleName: app.bundle_name,
      status: app.status as BundleApplication["status"],
      cases: cases.map((c) => ({ ...toSummary(c, cal, now, this.deps.config.yellowShare), step: c.bundle_step ?? 0 })),
      createdAt: app.created_at.toISOString(),
    };
  }

  /** Files the whole application: every case must be complete; the first step starts, the rest queue. */
  async submit(p: Principal, id: string, versions: Record<string, number>): Promise<BundleApplication> {
    // Checked and numbered before the transaction (see ApplicationService.allocateNumber), re-checked in it.
    const before = await this.load(id);
    const numbers = new Map<string, string>();
    for (const row of before.cases) {
      this.assertSubmittable(p, id, row, versions);
      try {
        await this.applications.checkComplete(this.deps.db, row);
      } catch (err) {
        // Say which of the bundle's cases is incomplete.
        if (err instanceof AppError)
          throw new AppError(err.code, err.definition, {
            ...(err.details as object),
            caseId: row.id,
            itemCode: row.item_code,
            itemName: row.item_name,
          });
        throw err;
      }
    }
    for (const row of before.cases) numbers.set(row.id, await this.applications.allocateNumber(row));
    await this.deps.db.transaction().execute(async (trx) => {
      const app = await trx
        .selectFrom("case_bundle_applications")
        .selectAll()
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (!app) throw CaseErrors.CASE_BUNDLE_NOT_FOUND({ id });
      const { cases } = await this.load(id, trx);
      const actor = actorFrom(p);
      for (const c of cases) {
        const row = await this.deps.repo.lock(c.id, trx);
        if (!row) throw CaseErrors.CASE_NOT_FOUND({ id: c.id });
        this.assertSubmittable(p, id, row, versions);
        const number = numbers.get(row.id);
        if (!number) throw CaseErrors.CASE_VERSION_CONFLICT({ caseId: row.id, expected: null, current: row.version });
        await this.applications.submitIn(trx, row, actor, number, (row.bundle_step ?? 0) > 0);
      }
      await trx
        .updateTable("case_bundle_applications")
        .set({ status: "submitted", updated_at: this.deps.clock.now() })
        .where("id", "=", id)
        .execute();
    });
    return this.get(p, id);
  }

  private assertSubmittable(p: Principal, id: string, row: CaseRow, versions: Record<string, number>) {
    try {
      assertApplicant(p, row);
    } catch (err) {
      if (p.kind === "citizen") throw CaseErrors.CASE_BUNDLE_NOT_FOUND({ id });
      throw err;
    }
    const expected = versions[row.id];
    if (expected === undefined)
      throw CaseErrors.CASE_VERSION_CONFLICT({ caseId: row.id, expected: null, current: row.version });
    this.writer.checkVersion(row, expected);
    if (row.status !== "draft") throw CaseErrors.CASE_ILLEGAL_TRANSITION({ status: row.status });
  }

  /** After a bundle case ends: file the next step when this one has fully succeeded, or cancel the rest. */
  async onCaseEnded(caseId: string, trx: Kysely<DB>): Promise<void> {
    const ended = await this.deps.repo.find(caseId, trx);
    if (!ended?.bundle_application_id) return;
    const appId = ended.bundle_application_id;
    await trx.selectFrom("case_bundle_applications").select("id").where("id", "=", appId).forUpdate().execute();
    const { cases } = await this.load(appId, trx);
    const failed = cases.some((c) => ["refused", "denied", "withdrawn"].includes(c.status));
    if (failed) {
      for (const c of cases.filter((x) => x.status === "queued")) await this.cancel(trx, c, SYSTEM);
      await this.setStatus(trx, appId, "failed");
      return;
    }
    const step = ended.bundle_step ?? 0;
    const sameStep = cases.filter((c) => (c.bundle_step ?? 0) === step);
    if (!sameStep.every((c) => SUCCESS.has(c.status))) return;
    const next = cases.filter((c) => (c.bundle_step ?? 0) === step + 1 && c.status === "queued");
    const now = this.deps.clock.now();
    for (const c of next) {
      const row = await this.deps.repo.lock(c.id, trx);
      if (row?.status === "queued") await this.applications.file(trx, row, SYSTEM, now);
    }
    if (cases.every((c) => SUCCESS.has(c.status))) await this.setStatus(trx, appId, "completed");
  }

  private async cancel(trx: Kysely<DB>, c: CaseRow, actor: CaseActor) {
    const row = await this.deps.repo.lock(c.id, trx);
    if (row?.status !== "queued") return;
    await this.writer.apply(trx, row, actor, {
      set: { status: "cancelled" satisfies CaseStatus },
      action: {
        type: "cancelled",
        comment: "一件事中前序事项未获准予 / An earlier item of the bundle did not succeed",
      },
      event: "cancelled",
    });
  }

  private async setStatus(trx: Kysely<DB>, id: string, status: BundleApplication["status"]) {
    await trx
      .updateTable("case_bundle_applications")
      .set({ status, updated_at: this.deps.clock.now() })
      .where("id", "=", id)
      .execute();
  }
}
