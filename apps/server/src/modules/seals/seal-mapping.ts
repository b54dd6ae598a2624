import type { Seal } from "@yiwang/contracts";
import type { Principal } from "../../platform/auth/permissions.js";
import type { SealRow } from "./repository.js";

export function toSeal(r: SealRow): Seal {
  return {
    id: r.id,
    departmentId: r.department_id,
    name: r.name,
    algorithm: r.algorithm,
    certificatePem: r.certificate_pem,
    serial: r.serial,
    validFrom: r.valid_from.toISOString(),
    validTo: r.valid_to.toISOString(),
    status: r.status,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    revokedReason: r.revoked_reason,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    hasImage: r.image_file_id !== null,
  };
}

/** The audit actor of a principal. */
export const actor = (p: Principal) => `${p.kind}:${p.id}`;
