/**
 * The payments module's public surface (缴费, issue 15): the cases module's FeeGate (payment orders raised
 * with the approval, delivery held until paid), the payment adapter port, and the payments API.
 */
import type { FastifyInstance } from "fastify";
import type { FeeGate } from "../cases/index.js";
import type { CatalogServices } from "../catalog/index.js";
import { AccountRepository } from "../identity/index.js";
import type { DepartmentService } from "../org/index.js";
import type { SealService } from "../seals/index.js";
import { DemoPaymentAdapter, type PaymentAdapter } from "./adapter.js";
import type { CaseSide, PaymentDeps } from "./context.js";
import { feeGate, OVERDUE_JOB } from "./orders.js";
import { flagOverdue } from "./overdue.js";
import { PaymentRepository } from "./repository.js";
import { paymentRoutes } from "./routes.js";
import { PaymentService } from "./service.js";
import "./db.js";

export { DemoPaymentAdapter, type PaymentAdapter, signNotice } from "./adapter.js";
export { isPaymentCode } from "./code.js";
export { OVERDUE_JOB } from "./orders.js";

export interface PaymentsModule {
  /** Given to the cases module (registerCasesModule's `fees`). */
  fees: FeeGate;
  service: PaymentService;
  /** Binds the cases module's side and registers the routes, once the cases module exists. */
  connectCases(cases: CaseSide): Promise<void>;
}

/** Before the cases module: it needs the FeeGate; the routes wait for `connectCases`. */
export function createPaymentsModule(
  app: FastifyInstance,
  modules: { catalog: CatalogServices; departments: DepartmentService; seals: SealService; adapter?: PaymentAdapter },
): PaymentsModule {
  const { db, audit, events, notify, clock, calendar, files, jobs, config } = app.platform;
  let cases: CaseSide | null = null;
  const accounts = new AccountRepository(db);
  const deps: PaymentDeps = {
    db,
    repo: new PaymentRepository(db),
    audit,
    events,
    notify,
    clock,
    calendar,
    files,
    jobs,
    items: modules.catalog.items,
    departments: modules.departments,
    seals: modules.seals,
    adapter: modules.adapter ?? new DemoPaymentAdapter(db, config.payments.callbackSecret, () => clock.now()),
    cases: () => {
      if (!cases) throw new Error("payments: the cases module is not connected");
      return cases;
    },
    clerks: (departmentId, trx) => accounts.staffIdsWithRole("window_clerk", departmentId, trx),
    config: { dueWorkingDays: config.payments.dueWorkingDays, timeZone: config.timeZone },
  };
  const service = new PaymentService(deps);
  jobs.register(OVERDUE_JOB, (job, trx) => flagOverdue(deps, job, trx));
  return {
    fees: feeGate(deps),
    service,
    async connectCases(side) {
      cases = side;
      await app.register(paymentRoutes, { prefix: "/api/payments", service });
    },
  };
}
