import type {
  AuditKeysResponse as AuditKeysResponseSchema,
  AuditSearchQuery as AuditSearchQuerySchema,
  EntriesResponse as EntriesResponseSchema,
  InclusionProofResponse as InclusionProofResponseSchema,
  SignedTreeHeadResponse as SignedTreeHeadResponseSchema,
} from "@yiwang/contracts";
import type { z } from "zod";

/** API response types, from the shared zod contracts so the web app cannot drift from the server. */
export type {
  AddWorkingDaysResult,
  CalendarDay,
  CalendarDayKind,
  CalendarDayList,
  CountWorkingDaysResult,
  DayInfo,
  Department,
  DepartmentList,
} from "@yiwang/contracts";

// The audit contracts export only schemas; type-only imports keep zod itself out of the bundle.
export type SignedTreeHead = z.infer<typeof SignedTreeHeadResponseSchema>;
export type InclusionProof = z.infer<typeof InclusionProofResponseSchema>;
export type AuditEntries = z.infer<typeof EntriesResponseSchema>;
export type AuditLogEntry = AuditEntries["entries"][number];
/** Every filter is optional, and limit and offset have server-side defaults, so the client may leave them out. */
export type AuditSearch = Partial<z.infer<typeof AuditSearchQuerySchema>>;
export type AuditKeys = z.infer<typeof AuditKeysResponseSchema>;
