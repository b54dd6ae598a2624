/** The cases module's public surface (办件): other modules react to its events, never touch its tables. */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { CatalogServices } from "../catalog/index.js";
import { AccountRepository, type IdentityModule } from "../identity/index.js";
import type { DepartmentService } from "../org/index.js";
import type { SealService } from "../seals/index.js";
import { ApplicationService } from "./application.service.js";
import { CaseArchiveReader } from "./archive-source.js";
import { BundleForms } from "./bundle-form.service.js";
import { BundleApplications } from "./bundles.service.js";
import {
  type CaseDeps,
  type CasesConfig,
  type CreditCheck,
  type FeeGate,
  type LicenseLookup,
  noCreditCheck,
  noFees,
  noLicenses,
  noRegistry,
  type PrefillRegistry,
} from "./context.js";
import { DOCUMENT_EVENTS, issueDocuments } from "./documents/issuer.js";
import { CaseDocumentRepository } from "./documents/repository.js";
import { CaseDocuments } from "./documents/service.js";
import { Escalation } from "./escalation.js";
import { CaseFees } from "./fees.js";
import { HandlingService } from "./handling.service.js";
import { CaseIssuance } from "./issuance.js";

export type { CaseIssuance, CaseIssuanceView } from "./issuance.js";

import { MaterialService } from "./materials.service.js";
import { DEADLINE_JOB } from "./progress.js";
import { CaseQueries } from "./queries.service.js";
import { QuickFiling } from "./quick-filing.js";
import { CaseRepository } from "./repository.js";
import { applicantRoutes } from "./routes/applicant.js";
import { bundleRoutes } from "./routes/bundles.js";
import { documentRoutes } from "./routes/documents.js";
import { staffRoutes } from "./routes/staff.js";
import { applicantNotice, BUNDLE_EVENTS, bundleProgress, licenseStatusChanged } from "./subscribers.js";
import "./db.js";

export type { CaseArchiveReader, CaseArchiveSource } from "./archive-source.js";
export type { CreditCheck, FeeGate, LicenseLookup, PrefillLicense } from "./context.js";
export type { CaseFees } from "./fees.js";
// 一网统管: what a filed case counts for (the indicators module's rollups and recompute job).
export { type CaseFact, type CaseMeasureSource, type CaseRollupRow, caseMeasureSource } from "./measures-source.js";
// 一码通 (亮码办事): a person's cases in progress, as a window may see them after consent.
export { type PendingCase, type PendingCaseReader, pendingCaseReader } from "./pending-cases.js";
export { DEADLINE_JOB } from "./progress.js";
// 惠企政策 快申快享: a short case filed from the policies page, its decision read back by case id.
export type { CaseDecision, FiledCase, QuickFiling } from "./quick-filing.js";

export interface CaseServices {
  applications: ApplicationService;
  materials: MaterialService;
  handling: HandlingService;
  queries: CaseQueries;
  bundles: BundleApplications;
  bundleForms: BundleForms;
  escalation: Escalation;
  /** For the licenses module: a decided case's issuance view; license status changes in case history. */
  issuance: CaseIssuance;
  licenses: LicenseLookup;
  /** For the archives module: a finished case's view, materials and history, in the caller's transaction. */
  archive: CaseArchiveReader;
  /** For the payments module (缴费): access to a case's payment order, and its history entries. */
  fees: CaseFees;
  /** 文书: the sealed receipts and decision documents of a case. */
  documents: CaseDocuments;
  /** For the policies module (快申快享): file a prefilled short case in one transaction; read its decision. */
  quickFiling: QuickFiling;
}

export async function registerCasesModule(
  app: FastifyInstance,
  modules: {
    departments: DepartmentService;
    catalog: CatalogServices;
    identity: IdentityModule;
    licenses?: LicenseLookup;
    /** 免填 from the demo registries (the registry module's PrefillRegistry port). */
    registry?: PrefillRegistry;
    credit?: CreditCheck;
    fees?: FeeGate;
    /** Seals the 文书 with the lead department's seal. */
    seals: SealService;
  },
): Promise<CaseServices> {
  const { db, calendar, audit, events, jobs, notify, clock, pii, files, config } = app.platform;
  const accounts = new AccountRepository(db);
  const casesConfig: CasesConfig = {
    yellowShare: config.cases.yellowShare,
    escalationWorkingDays: config.cases.escalationWorkingDays,
    materialMaxBytes: config.files.materialMaxBytes,
  };
  const deps: CaseDeps = {
    db,
    repo: new CaseRepository(db),
    calendar,
    audit,
    events,
    jobs,
    notify,
    clock,
    pii,
    files,
    licenses: modules.licenses ?? noLicenses,
    registry: modules.registry ?? noRegistry,
    credit: modules.credit ?? noCreditCheck,
    fees: modules.fees ?? noFees,
    config: casesConfig,
    // The org module's cached directory (invalidated on every process when a department changes).
    departments: () => modules.departments.directory(),
    staffWithRole: (role, departmentId, trx) => accounts.staffIdsWithRole(role, departmentId, trx),
  };
  const applications = new ApplicationService(deps, modules.catalog.items, async (accountId) => {
    const a = await accounts.findById(accountId);
    return {
      name: a?.real_name ?? a?.display_name ?? "",
      phone: a?.phone_enc ? pii.decrypt("phone", a.phone_enc) : null,
      idNumber: a && a.realname_level >= 2 && a.id_number_enc ? pii.decrypt("id_number", a.id_number_enc) : null,
    };
  });
  const bundles = new BundleApplications(deps, modules.catalog.bundles, applications);
  const issuance = new CaseIssuance(deps);
  const documentRepo = new CaseDocumentRepository(db);
  const services: CaseServices = {
    applications,
    materials: new MaterialService(deps, modules.identity.personalData),
    handling: new HandlingService(deps),
    queries: new CaseQueries(deps, modules.identity.personalData),
    bundles,
    bundleForms: new BundleForms(deps, bundles),
    escalation: new Escalation(deps),
    issuance,
    licenses: deps.licenses,
    archive: new CaseArchiveReader(deps, issuance),
    fees: new CaseFees(deps),
    documents: new CaseDocuments(deps, documentRepo, modules.seals),
    quickFiling: new QuickFiling(deps, applications),
  };
  jobs.register(DEADLINE_JOB, (job, trx) => services.escalation.fire(job, trx));
  events.subscribe(
    "cases.applicant-notice",
    ["case.accepted", "case.refused", "case.supplement_requested", "case.decided", "case.delivered", "case.cancelled"],
    applicantNotice(notify),
  );
  events.subscribe("cases.bundle-progress", BUNDLE_EVENTS, bundleProgress(bundles));
  events.subscribe(
    "cases.documents",
    DOCUMENT_EVENTS,
    issueDocuments({
      cases: deps,
      documents: documentRepo,
      seals: modules.seals,
      departments: modules.departments,
      timeZone: config.timeZone,
    }),
  );
  events.subscribe("cases.license-status", ["license.status_changed"], licenseStatusChanged(services.issuance));

  await app.register(bundleRoutes, { prefix: "/api/cases/bundles", services });
  await app.register(staffRoutes, { prefix: "/api/cases", services });
  await app.register(applicantRoutes, { prefix: "/api/cases", services });
  await app.register(documentRoutes, { prefix: "/api/cases", documents: services.documents });
  return services;
}

/** What the messaging module (会商) may know of a case: its number and the departments of its workflow. */
export interface CaseParticipation {
  id: string;
  number: string | null;
  departmentIds: string[];
}

/**
 * A narrow reader for the messaging module: who takes part in a case (its workflow's departments, the
 * parallel approval's included). No applicant, form or material data leaves the module this way.
 */
export function caseParticipation(db: Kysely<DB>): (caseId: string) => Promise<CaseParticipation | null> {
  const repo = new CaseRepository(db);
  return async (caseId) => {
    const row = await repo.find(caseId);
    return row ? { id: row.id, number: row.number, departmentIds: [...row.dept_ids] } : null;
  };
}
