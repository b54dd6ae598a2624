/** The seals module's public surface (licenses will sign through `SealService.signPdf`). */
import type { FastifyInstance } from "fastify";
import type { DepartmentService } from "../org/index.js";
import { SoftwareSealKeyStore } from "./key-store.js";
import { sealRoutes } from "./routes.js";
import { SealService } from "./service.js";

export { SealErrors } from "./errors.js";
export { type SealKeyStore, SoftwareSealKeyStore } from "./key-store.js";
export { type PdfForgedReason, type PdfSignatureCheck, verifyPdfSignature } from "./pdf-verify.js";
export type { SealRow } from "./repository.js";
export { drawSeal } from "./seal-image.js";
export { toSeal } from "./seal-mapping.js";
export { SealService } from "./service.js";

export async function registerSealsModule(app: FastifyInstance, deps: { departments: DepartmentService }) {
  const { db, audit, clock, files, crypto } = app.platform;
  const keys = new SoftwareSealKeyStore(db, crypto.box);
  const service = new SealService(db, audit, keys, deps.departments, clock, files, crypto.sealAlgorithm);
  await app.register(sealRoutes, { prefix: "/api/seals", service });
  return service;
}
