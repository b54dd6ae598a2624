/** The licenses module's public surface (电子证照): issuance, wallet, verification, authorised use. */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { CaseIssuance } from "../cases/index.js";
import type { CatalogServices } from "../catalog/index.js";
import { AccountRepository, type PersonalDataAccess } from "../identity/index.js";
import type { DepartmentService } from "../org/index.js";
import type { SealService } from "../seals/index.js";
import { type ArchivedLicenseCheck, type ArchivedLicenseFiles, archivedLicenseVerifier } from "./archive-verify.js";
import { type CaseLicenseForArchive, caseLicenseReader } from "./archive-view.js";
import { issueOnApproval } from "./case-issuer.js";
import type { LicenseDeps } from "./context.js";
import { LicenseImport } from "./import.service.js";
import { LicenseIssuance } from "./issuance.service.js";
import { LicenseRepository } from "./repository.js";
import { licenseHolderRoutes } from "./routes/holder.js";
import { licensePublicRoutes } from "./routes/public.js";
import { licenseStaffRoutes } from "./routes/staff.js";
import { LicenseService } from "./service.js";
import { StatusLists } from "./status-lists.js";
import { LicenseTypeCache } from "./type-cache.js";
import { LicenseUses } from "./uses.js";
import { VerificationCache } from "./verification-cache.js";
import { LicenseVerifier } from "./verify.service.js";

export type { ArchivedLicenseCheck, ArchivedLicenseFiles } from "./archive-verify.js";
export type { CaseLicenseForArchive } from "./archive-view.js";
export { type DemoHolders, issueDemoLicenses } from "./demo.js";
export { LicenseErrors } from "./errors.js";
export { parseLicenseIdentifier } from "./identifier.js";
export { type LicenseMeasureSource, licenseMeasureSource } from "./measures-source.js";
export { seedLicenseTypes } from "./seed.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The licenses module's services (for the demo seeding at start; modules get them as dependencies). */
    licenses: LicenseServices;
  }
}

export interface LicenseServices {
  deps: LicenseDeps;
  licenses: LicenseService;
  issuance: LicenseIssuance;
  importer: LicenseImport;
  verifier: LicenseVerifier;
  uses: LicenseUses;
  statusLists: StatusLists;
  seals: SealService;
  departments: DepartmentService;
  /** Subscribes issuance to the cases module's decisions (cases registers after licenses). */
  connectCases(cases: CaseIssuance): void;
  /** For the archives module: the license a case issued, in the caller's transaction. */
  caseLicense(caseId: string, trx: Kysely<DB>): Promise<CaseLicenseForArchive | null>;
  /** For the archives module's 四性检测: whether an archived license's VC-JWT and sealed PDF verify. */
  verifyArchived(files: ArchivedLicenseFiles, trx?: Kysely<DB>): Promise<ArchivedLicenseCheck>;
}

export async function registerLicensesModule(
  app: FastifyInstance,
  modules: {
    departments: DepartmentService;
    seals: SealService;
    catalog: CatalogServices;
    identity: { personalData: Pick<PersonalDataAccess, "record"> };
  },
): Promise<LicenseServices> {
  const { db, audit, clock, pii, files, events, config, cache } = app.platform;
  const repo = new LicenseRepository(db);
  const deps: LicenseDeps = {
    db,
    repo,
    types: new LicenseTypeCache(repo, cache),
    verification: new VerificationCache(repo, pii, cache),
    cache,
    seals: modules.seals,
    departments: modules.departments,
    audit,
    clock,
    pii,
    files,
    events,
    publicUrl: config.publicUrl,
    timeZone: config.timeZone,
  };
  const accounts = new AccountRepository(db);
  // A citizen's licenses are found by the blind index of their verified ID number (real-name level 2+).
  const personIndexOf = async (accountId: string, trx?: Kysely<DB>) => {
    const a = await accounts.findById(accountId, trx);
    return a && a.realname_level >= 2 && a.id_number_bidx ? Buffer.from(a.id_number_bidx) : null;
  };
  const person = async (accountId: string, trx: Kysely<DB>) => {
    const a = await accounts.findById(accountId, trx);
    if (!a || a.realname_level < 2 || !a.id_number_enc || !a.real_name) return null;
    return { name: a.real_name, idNumber: pii.decrypt("id_number", a.id_number_enc) };
  };
  const licenses = new LicenseService(deps, personIndexOf, modules.identity.personalData);
  const issuance = new LicenseIssuance(deps);
  const verifier = new LicenseVerifier(deps, licenses);
  const statusLists = new StatusLists(deps);
  const services: LicenseServices = {
    deps,
    licenses,
    issuance,
    importer: new LicenseImport(deps, issuance),
    verifier,
    uses: new LicenseUses(deps, licenses, verifier, personIndexOf),
    statusLists,
    seals: modules.seals,
    departments: modules.departments,
    caseLicense: caseLicenseReader(repo),
    verifyArchived: archivedLicenseVerifier(deps),
    connectCases(cases) {
      events.subscribe(
        "licenses.issue-on-approval",
        ["case.decided"],
        issueOnApproval(deps, issuance, {
          caseView: (caseId, trx) => cases.view(caseId, trx),
          resultLicense: async (code, version, trx) =>
            (await modules.catalog.items.getVersion(code, version, true, trx)).resultLicense ?? null,
          person,
        }),
      );
    },
  };
  app.decorate("licenses", services);
  await app.register(licensePublicRoutes, { prefix: "/api/licenses", services });
  await app.register(licenseHolderRoutes, { prefix: "/api/licenses", services });
  await app.register(licenseStaffRoutes, { prefix: "/api/licenses", services });
  return services;
}
