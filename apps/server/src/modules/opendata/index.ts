/**
 * The opendata module's public surface (公共数据开放): datasets published by departments from CSV uploads
 * (quality and personal-data checks), the CKAN Action API v3 at /api/3/action/*, the DCAT-AP catalogue at
 * /catalog.ttl and /catalog.jsonld, and conditional access (有条件开放) through approved, hashed API keys
 * with every call audited. docs/modules/opendata.md describes the API.
 */
import type { Department } from "@yiwang/contracts";
import type { FastifyInstance } from "fastify";
import type { DepartmentService } from "../org/index.js";
import { DatasetAccess } from "./access.js";
import { ApplicationService } from "./applications.service.js";
import { CatalogueService } from "./catalogue.service.js";
import { CkanActions } from "./ckan/actions.js";
import type { OpendataDeps } from "./context.js";
import { ResourceDownload } from "./download.js";
import { PortalService } from "./portal.service.js";
import { PublishService } from "./publish.service.js";
import { OpendataRepository } from "./repository.js";
import { citizenRoutes } from "./routes/citizen.js";
import { ckanRoutes } from "./routes/ckan.js";
import { dcatRoutes } from "./routes/dcat.js";
import { portalRoutes } from "./routes/portal.js";
import { staffRoutes } from "./routes/staff.js";
import { OpendataStatistics } from "./statistics.js";
import { UsageCounter } from "./usage.js";
import "./db.js";

export { writeResource } from "./publish.service.js";
export { OpendataRepository } from "./repository.js";
export { seedOpendata } from "./seed.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The opendata module's services (tests flush the usage counts; modules never call them). */
    opendata: OpendataServices;
  }
}

export interface OpendataServices {
  publish: PublishService;
  applications: ApplicationService;
  catalogue: CatalogueService;
  ckan: CkanActions;
  portal: PortalService;
  download: ResourceDownload;
  statistics: OpendataStatistics;
  usage: UsageCounter;
}

export async function registerOpendataModule(
  app: FastifyInstance,
  modules: { departments: DepartmentService },
): Promise<OpendataServices> {
  const { db, audit, clock, rateLimiter, config } = app.platform;
  // The org directory is keyed by department key and cached (dropped on every change); index it by id once
  // per cached map.
  const byId = new WeakMap<object, ReadonlyMap<string, Department>>();
  const departments = async () => {
    const directory = await modules.departments.directory();
    const known = byId.get(directory);
    if (known) return known;
    const map = new Map([...directory.values()].map((d) => [d.id, d]));
    byId.set(directory, map);
    return map;
  };
  const deps: OpendataDeps = {
    db,
    repo: new OpendataRepository(db),
    audit,
    clock,
    rateLimiter,
    departments,
    publicUrl: config.publicUrl,
    timeZone: config.timeZone,
  };
  const access = new DatasetAccess(deps);
  const usage = new UsageCounter(deps);
  // Counts still in memory are written before the database closes.
  app.addHook("onClose", () => usage.flush());
  const services: OpendataServices = {
    publish: new PublishService(deps),
    applications: new ApplicationService(deps),
    catalogue: new CatalogueService(deps),
    ckan: new CkanActions(deps, access, usage),
    portal: new PortalService(deps, usage),
    download: new ResourceDownload(deps, access, usage),
    statistics: new OpendataStatistics(deps),
    usage,
  };
  app.decorate("opendata", services);
  await app.register(staffRoutes, { prefix: "/api/opendata", services });
  await app.register(citizenRoutes, { prefix: "/api/opendata", services });
  await app.register(ckanRoutes, { ckan: services.ckan });
  await app.register(dcatRoutes, { services });
  await app.register(portalRoutes, { prefix: "/api/opendata", services });
  return services;
}
