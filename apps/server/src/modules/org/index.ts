/** The org module's public surface: other modules use these, never the departments table. */
import type { FastifyInstance } from "fastify";
import { orgRoutes } from "./routes.js";
import { DepartmentService } from "./service.js";

export { DepartmentRepository } from "./repository.js";
export { DepartmentService, toDepartment } from "./service.js";

export async function registerOrgModule(app: FastifyInstance) {
  const service = new DepartmentService(app.platform.db, app.platform.audit, app.platform.cache);
  await app.register(orgRoutes, { prefix: "/api/org", service });
  return service;
}
