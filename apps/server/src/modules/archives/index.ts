/**
 * The archives module's public surface (电子档案, 单套制). Delivered cases are archived as BagIt packages
 * (the `archives.archive-case` subscriber of `case.delivered`, reading the case through the cases
 * module's index and the license through the licenses module's), checked for the four properties
 * (四性检测) at archiving, on transfer receipt and on a schedule, kept with retention classes, lent
 * (借阅) and destroyed under two approvals (鉴定销毁). docs/modules/archives.md has the rules.
 */
import type { FastifyInstance } from "fastify";
import type { CaseArchiveReader } from "../cases/index.js";
import type { LicenseServices } from "../licenses/index.js";
import { ArchivingService } from "./archiving.service.js";
import { CatalogueService } from "./catalogue.service.js";
import { ARCHIVE_SUBSCRIBER, type ArchiveDeps, SCHEDULED_CHECK_JOB } from "./context.js";
import { DisposalService } from "./disposal.service.js";
import { ExportService } from "./exports.service.js";
import { FixityService } from "./fixity.service.js";
import { LoanService } from "./loans.service.js";
import { ArchiveRepository } from "./repository.js";
import { archiveRoutes } from "./routes.js";
import { TransferService } from "./transfers.service.js";
import "./db.js";

export type { Catalogue } from "./archiving.service.js";
export { ARCHIVE_SUBSCRIBER, SCHEDULED_CHECK_JOB } from "./context.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The archives module's services (for the bench and operations; modules never call them). */
    archives: ArchiveServices;
  }
}

export interface ArchiveServices {
  deps: ArchiveDeps;
  archiving: ArchivingService;
  fixity: FixityService;
  catalogue: CatalogueService;
  transfers: TransferService;
  disposals: DisposalService;
  loans: LoanService;
  exports: ExportService;
}

export async function registerArchivesModule(
  app: FastifyInstance,
  modules: {
    cases: Pick<CaseArchiveReader, "read">;
    licenses: Pick<LicenseServices, "caseLicense" | "verifyArchived">;
  },
): Promise<ArchiveServices> {
  const { db, audit, events, jobs, clock, files, config } = app.platform;
  const deps: ArchiveDeps = {
    db,
    repo: new ArchiveRepository(db),
    files,
    audit,
    jobs,
    clock,
    timeZone: config.timeZone,
    caseSource: (caseId, trx) => modules.cases.read(caseId, trx),
    caseLicense: (caseId, trx) => modules.licenses.caseLicense(caseId, trx),
    verifyLicense: (files, trx) => modules.licenses.verifyArchived(files, trx),
  };
  const archiving = new ArchivingService(deps);
  const fixity = new FixityService(deps);
  const services: ArchiveServices = {
    deps,
    archiving,
    fixity,
    catalogue: new CatalogueService(deps, fixity),
    transfers: new TransferService(deps, archiving),
    disposals: new DisposalService(deps),
    loans: new LoanService(deps),
    exports: new ExportService(deps),
  };
  // 归档: in the delivery's own job (at least once; a case already archived is skipped).
  events.subscribe(ARCHIVE_SUBSCRIBER, ["case.delivered"], async (event, trx) => {
    const caseId = (event.payload as { caseId?: string }).caseId;
    if (caseId) await archiving.archiveCase(trx, caseId);
  });
  jobs.register(SCHEDULED_CHECK_JOB, (_job, trx) => fixity.scheduled(trx), { maxAttempts: 3 });
  app.decorate("archives", services);
  await app.register(archiveRoutes, { prefix: "/api/archives", services });
  return services;
}
