import { z } from "zod";
import { uuid } from "./common.js";

/** A department's electronic seal (电子签章): its certificate comes from the platform's seal CA. */
export const Seal = z
  .object({
    id: uuid,
    departmentId: uuid,
    name: z.string(),
    /** The key's algorithm: ECDSA P-256, or SM2 (with SM3) for seals made under CRYPTO_SUITE=national. */
    algorithm: z.enum(["ECDSA-P256", "SM2"]),
    certificatePem: z.string(),
    serial: z.string().describe("Certificate serial number (hex)"),
    validFrom: z.string(),
    validTo: z.string(),
    status: z.enum(["active", "revoked"]),
    revokedAt: z.string().nullable(),
    revokedReason: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    /** An uploaded image is stamped instead of the seal drawn from the department's name. */
    hasImage: z.boolean(),
  })
  .meta({ id: "Seal" });
export type Seal = z.infer<typeof Seal>;

export const SealCreate = z.object({
  departmentId: uuid,
  name: z.string().trim().min(2).max(60).describe("e.g. 某某市市场监督管理局行政审批专用章"),
  validDays: z.number().int().min(1).max(3650).default(1095),
});
export type SealCreate = z.infer<typeof SealCreate>;

export const SealListQuery = z.object({
  departmentId: uuid.optional(),
  status: z.enum(["active", "revoked"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type SealListQuery = z.infer<typeof SealListQuery>;

export const SealList = z.object({ items: z.array(Seal), total: z.number().int() });
export type SealList = z.infer<typeof SealList>;

export const SealRevoke = z.object({ reason: z.string().trim().min(2).max(500) });
export type SealRevoke = z.infer<typeof SealRevoke>;

export const SealSignQuery = z.object({
  reason: z.string().trim().min(1).max(200).default("电子签章 / Electronic seal"),
});
export type SealSignQuery = z.infer<typeof SealSignQuery>;
