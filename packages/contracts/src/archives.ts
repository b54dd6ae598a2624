/**
 * 电子档案 (archives) contracts: archive packages (BagIt 1.0 AIPs), their 四性检测 reports, disposal
 * (鉴定销毁) with two approvals, borrowing (借阅) and transfer receipt (移交接收). docs/modules/archives.md
 * has the rules and their sources.
 */
import { z } from "zod";
import {
  ARCHIVE_CHECK_TERMS,
  ARCHIVE_CHECK_TRIGGER_TERMS,
  ARCHIVE_SOURCE_TERMS,
  ARCHIVE_STATUS_TERMS,
  DISPOSAL_STATUS_TERMS,
  LOAN_STATUS_TERMS,
  RETENTION_CLASS_TERMS,
} from "./archives-vocabulary.js";
import { codesOf } from "./vocabulary.js";

export const RetentionClass = z.enum(codesOf(RETENTION_CLASS_TERMS));
export type RetentionClass = z.infer<typeof RetentionClass>;
export const ArchiveCheckCode = z.enum(codesOf(ARCHIVE_CHECK_TERMS));
export type ArchiveCheckCode = z.infer<typeof ArchiveCheckCode>;
export const ArchiveStatus = z.enum(codesOf(ARCHIVE_STATUS_TERMS));
export const ArchiveSource = z.enum(codesOf(ARCHIVE_SOURCE_TERMS));
export const ArchiveCheckTrigger = z.enum(codesOf(ARCHIVE_CHECK_TRIGGER_TERMS));
export type ArchiveCheckTrigger = z.infer<typeof ArchiveCheckTrigger>;
export const DisposalStatus = z.enum(codesOf(DISPOSAL_STATUS_TERMS));
export const LoanStatus = z.enum(codesOf(LOAN_STATUS_TERMS));

/** One check item's result: `skipped` when it does not apply (e.g. no PDF in the package). */
export const ArchiveCheckResult = z.object({
  code: ArchiveCheckCode,
  outcome: z.enum(["pass", "fail", "skipped"]),
  /** What failed (file paths, field names), in plain words. */
  details: z.array(z.string()),
});
export type ArchiveCheckResult = z.infer<typeof ArchiveCheckResult>;

export const ArchiveCheckReport = z.object({
  id: z.string(),
  trigger: ArchiveCheckTrigger,
  at: z.string(),
  passed: z.boolean(),
  results: z.array(ArchiveCheckResult),
});
export type ArchiveCheckReport = z.infer<typeof ArchiveCheckReport>;

/** The catalogued metadata (著录项, after GB/T 39362-2020 / DA/T 46). */
export const ArchiveMetadata = z.object({
  archiveNo: z.string(),
  fonds: z.string(),
  year: z.number().int(),
  retention: RetentionClass,
  title: z.string(),
  responsible: z.string(),
  date: z.string(),
  classification: z.string(),
  caseNumber: z.string().nullable(),
  itemCode: z.string().nullable(),
  itemVersion: z.number().int().nullable(),
  outcome: z.string().nullable(),
  applicant: z.string(),
  departments: z.array(z.string()),
  fileCount: z.number().int(),
});
export type ArchiveMetadata = z.infer<typeof ArchiveMetadata>;

export const ArchivePackageSummary = z.object({
  id: z.string(),
  archiveNo: z.string(),
  title: z.string(),
  retention: RetentionClass,
  year: z.number().int(),
  fonds: z.string(),
  status: ArchiveStatus,
  source: ArchiveSource,
  archivedAt: z.string(),
  /** The latest check passed (null before any check). */
  lastCheckPassed: z.boolean().nullable(),
});
export type ArchivePackageSummary = z.infer<typeof ArchivePackageSummary>;

export const ArchivePackageFile = z.object({ path: z.string(), size: z.number().int(), sha256: z.string() });

export const ArchivePackageDetail = ArchivePackageSummary.extend({
  metadata: ArchiveMetadata,
  packageSha256: z.string().nullable(),
  packageBytes: z.number().int(),
  files: z.array(ArchivePackageFile),
  checks: z.array(ArchiveCheckReport),
  destroyedAt: z.string().nullable(),
});
export type ArchivePackageDetail = z.infer<typeof ArchivePackageDetail>;

export const ArchiveSearchQuery = z.object({
  q: z.string().trim().max(100).optional(),
  retention: RetentionClass.optional(),
  year: z.coerce.number().int().min(1900).max(2999).optional(),
  status: ArchiveStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});
export const ArchiveSearchResult = z.object({ items: z.array(ArchivePackageSummary), total: z.number().int() });
export type ArchiveSearchResult = z.infer<typeof ArchiveSearchResult>;

/** 保管期限 of a catalog item's archives (a default applies to items without one). */
export const SetRetentionRuleRequest = z.object({ retention: z.string().trim().min(1).max(20) });
export const RetentionRule = z.object({ itemCode: z.string(), retention: RetentionClass });

export const ArchiveDisposal = z.object({
  id: z.string(),
  packageId: z.string(),
  archiveNo: z.string(),
  status: DisposalStatus,
  reason: z.string(),
  proposedBy: z.string(),
  archivistApprovedBy: z.string().nullable(),
  supervisorApprovedBy: z.string().nullable(),
  /** The destruction record (what, when, who, approvals, package and metadata hashes) once destroyed. */
  record: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export type ArchiveDisposal = z.infer<typeof ArchiveDisposal>;
export const ProposeDisposalRequest = z.object({ reason: z.string().trim().min(1).max(500) });
export const DisposalList = z.object({ items: z.array(ArchiveDisposal) });
export const DestructionVerification = z.object({
  verified: z.boolean(),
  leafIndex: z.number().int().nullable(),
  recordSha256: z.string(),
  packageGone: z.boolean(),
});

export const ArchiveLoan = z.object({
  id: z.string(),
  packageId: z.string(),
  archiveNo: z.string(),
  borrower: z.string(),
  purpose: z.string(),
  days: z.number().int(),
  status: LoanStatus,
  dueAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ArchiveLoan = z.infer<typeof ArchiveLoan>;
export const RequestLoanRequest = z.object({
  purpose: z.string().trim().min(1).max(200),
  days: z.number().int().min(1).max(3650),
});
export const LoanList = z.object({ items: z.array(ArchiveLoan) });

export const TransferReceipt = z.object({
  accepted: z.boolean(),
  packageId: z.string().nullable(),
  archiveNo: z.string().nullable(),
  report: z.array(ArchiveCheckResult),
});
export type TransferReceipt = z.infer<typeof TransferReceipt>;
