import { z } from "zod";
import { isoInstant, uuid } from "./common.js";

/** Security alerts (安全告警) of the security management centre (modules/security). */
export const SECURITY_ALERT_KINDS = ["lockouts", "permission_denied", "audit_verify_failed"] as const;
export const SecurityAlertKind = z.enum(SECURITY_ALERT_KINDS);
export type SecurityAlertKind = z.infer<typeof SecurityAlertKind>;

export const SecurityAlert = z
  .object({
    id: uuid,
    kind: SecurityAlertKind,
    /** What it is about: `*` (lockouts across the platform), `actor:staff:<id>`, `ip:<address>`, `audit-log`. */
    subject: z.string(),
    /** Events counted: lockouts, refused requests, or failed verifications. */
    occurrences: z.number().int(),
    /** How many times the detector fired while the alert was open (one open alert per kind and subject). */
    detections: z.number().int(),
    details: z.record(z.string(), z.unknown()),
    firstSeenAt: isoInstant,
    lastSeenAt: isoInstant,
    acknowledgedBy: uuid.nullable(),
    acknowledgedAt: isoInstant.nullable(),
    acknowledgeNote: z.string().nullable(),
  })
  .meta({ id: "SecurityAlert" });
export type SecurityAlert = z.infer<typeof SecurityAlert>;

export const SecurityAlertListQuery = z.object({
  status: z.enum(["open", "acknowledged"]).optional(),
  kind: SecurityAlertKind.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type SecurityAlertListQuery = z.infer<typeof SecurityAlertListQuery>;

export const SecurityAlertList = z.object({
  items: z.array(SecurityAlert),
  total: z.number().int(),
  /** Open alerts of every kind, whatever the query (the badge on the page). */
  open: z.number().int(),
});
export type SecurityAlertList = z.infer<typeof SecurityAlertList>;

export const SecurityAlertAcknowledge = z.object({ note: z.string().trim().max(500).optional() });
