/**
 * The policies module's public surface (惠企政策 / 免申即享): the policy library with rules as data and dated
 * versions, matching against the business registry (nightly and on demand) with an explanation for every
 * result, entitlements paid without an application after the department's batch review, within the budget.
 */
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { QuickFiling } from "../cases/index.js";
import type { ItemService } from "../catalog/index.js";
import { AccountRepository, type EnterpriseAccounts, type PersonalDataAccess } from "../identity/index.js";
import type { DepartmentService } from "../org/index.js";
import type { BusinessFactSource } from "../registry/index.js";
import type { PoliciesDeps } from "./context.js";
import { LibraryService } from "./library.service.js";
import { MatchingService } from "./matching.service.js";
import { NightlyMatch } from "./nightly.js";
import { DemoPaymentRecorder, type PaymentAdapter } from "./payment.js";
import { QuickApplyService } from "./quick.service.js";
import { PoliciesRepository } from "./repository.js";
import { ReviewService } from "./review.service.js";
import { portalRoutes } from "./routes/portal.js";
import { staffRoutes } from "./routes/staff.js";
import "./db.js";

export { reencryptBankAccounts } from "./bank-account.js";
export { NIGHTLY_JOB } from "./context.js";
export type { PaymentAdapter } from "./payment.js";
export { type CompiledBenefit, compileBenefit } from "./rules/compile.js";
export { compileRules } from "./rules/conditions.js";
export { CATALOGUE, enterpriseFacts } from "./rules/facts.js";
export { compileFormula } from "./rules/formula.js";
export { type MatchScheduler, seedPolicies } from "./seed.js";

export interface PolicyServices {
  db: Kysely<DB>;
  library: LibraryService;
  matching: MatchingService;
  review: ReviewService;
  nightly: NightlyMatch;
  quick: QuickApplyService;
}

export async function registerPoliciesModule(
  app: FastifyInstance,
  modules: {
    registry: BusinessFactSource;
    enterpriseAccounts: EnterpriseAccounts;
    personalData: Pick<PersonalDataAccess, "record">;
    payments?: PaymentAdapter;
    /** 快申快享 as a 办件: the generated item (catalog), the department's key (org), the case (cases). */
    catalog: Pick<ItemService, "publishGenerated">;
    departments: Pick<DepartmentService, "get">;
    cases: Pick<QuickFiling, "file" | "decision">;
  },
): Promise<PolicyServices> {
  const { db, audit, clock, notify, jobs, config, calendar, pii, events } = app.platform;
  const deps: PoliciesDeps = {
    db,
    repo: new PoliciesRepository(db),
    audit,
    clock,
    notify,
    timeZone: config.timeZone,
    calendar,
    registry: modules.registry,
    enterpriseAccounts: modules.enterpriseAccounts,
    payments: modules.payments ?? new DemoPaymentRecorder(),
    pii,
    personalData: modules.personalData,
    catalog: modules.catalog,
    departments: modules.departments,
    cases: modules.cases,
    // policies.review is the department head's (dept_admin) permission.
    reviewers: (departmentId, trx) => new AccountRepository(db).staffIdsWithRole("dept_admin", departmentId, trx),
  };
  const matching = new MatchingService(deps);
  const nightly = new NightlyMatch(deps, jobs, matching);
  const review = new ReviewService(deps);
  const services: PolicyServices = {
    db,
    library: new LibraryService(deps, nightly),
    matching,
    review,
    nightly,
    quick: new QuickApplyService(deps, matching, review),
  };
  // 快申快享: the department's decision on the case comes back through the outbox.
  events.subscribe("policies.quick-decisions", ["case.decided"], (event, trx) => services.quick.onDecided(event, trx));
  await app.register(staffRoutes, { prefix: "/api/policies", services });
  await app.register(portalRoutes, { prefix: "/api/policies", services });
  return services;
}
