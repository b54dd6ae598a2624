/** The onecode module's public surface (一码通: personal codes, 亮码办事, 亮码核验, signed key list). */
import type { FastifyInstance } from "fastify";
import type { PendingCaseReader } from "../cases/index.js";
import type { LicenseServices } from "../licenses/index.js";
import type { DepartmentService } from "../org/index.js";
import { OnecodeCodes } from "./codes.js";
import type { OnecodeDeps } from "./context.js";
import { OnecodeKeys, ROTATE_JOB } from "./keys.js";
import { OnecodeRepository } from "./repository.js";
import { onecodeHolderRoutes } from "./routes/holder.js";
import { onecodePublicRoutes } from "./routes/public.js";
import { onecodeStaffRoutes } from "./routes/staff.js";
import { OnecodeScans } from "./scans.service.js";

export { OnecodeErrors } from "./errors.js";

export interface OnecodeServices {
  keys: OnecodeKeys;
  codes: OnecodeCodes;
  scans: OnecodeScans;
}

export async function registerOnecodeModule(
  app: FastifyInstance,
  modules: {
    licenses: Pick<LicenseServices, "licenses">;
    departments: Pick<DepartmentService, "get">;
    cases: PendingCaseReader;
  },
): Promise<OnecodeServices> {
  const { db, crypto, cache, clock, audit, jobs, config } = app.platform;
  const deps: OnecodeDeps = {
    db,
    repo: new OnecodeRepository(db),
    box: crypto.box,
    cache,
    clock,
    audit,
    jobs,
    suite: config.cryptoSuite,
    lifetimeSeconds: config.onecode.lifetimeSeconds,
    rotationHours: config.onecode.keyRotationHours,
    scanMinutes: config.onecode.scanMinutes,
  };
  const keys = new OnecodeKeys(deps);
  const codes = new OnecodeCodes(deps, keys, modules.licenses);
  const services: OnecodeServices = {
    keys,
    codes,
    scans: new OnecodeScans(deps, codes, modules.licenses, modules.departments, modules.cases),
  };
  jobs.register(ROTATE_JOB, (_job, trx) => keys.runRotation(trx));
  await app.register(onecodePublicRoutes, { prefix: "/api/onecode", services });
  await app.register(onecodeHolderRoutes, { prefix: "/api/onecode", services });
  await app.register(onecodeStaffRoutes, { prefix: "/api/onecode", services });
  return services;
}
