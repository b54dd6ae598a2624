/**
 * 互联网+监管 and 信用 (supervision, issue 23) contracts: the supervision item catalogue (一单), target and
 * inspector rosters (两库), plans and their verifiable random draws (双随机), inspection visits (一公开), and
 * credit records, grades, 信用修复 and joint-punishment rules. The draw algorithm is published in
 * docs/modules/supervision-draw.md.
 */
import { z } from "zod";
import { isoDate, isoInstant, uscc, uuid } from "./common.js";

export const RiskGrade = z.enum(["A", "B", "C", "D"]);
export type RiskGrade = z.infer<typeof RiskGrade>;

export const ChecklistPoint = z.object({ key: z.string().min(1).max(40), text: z.string().min(1).max(300) });

export const CreateSupervisionItemRequest = z.object({
  code: z.string().regex(/^[A-Za-z0-9-]{3,40}$/),
  name: z.string().min(1).max(200),
  legalBasis: z.string().min(1).max(500),
  method: z.string().min(1).max(100),
  checklist: z.array(ChecklistPoint).min(1).max(100),
  catalogItemCodes: z.array(z.string().min(1).max(60)).max(50).default([]),
});
export const SupervisionItem = CreateSupervisionItemRequest.extend({ id: uuid, departmentId: uuid });
export type SupervisionItem = z.infer<typeof SupervisionItem>;
export const SupervisionItemList = z.object({ items: z.array(SupervisionItem) });

export const RegisterTargetRequest = z.object({
  uscc,
  industry: z.string().min(1).max(60),
  district: z.string().min(1).max(60),
  riskGrade: RiskGrade,
});
export const SupervisionTarget = z.object({
  uscc: z.string(),
  name: z.string(),
  industry: z.string(),
  district: z.string(),
  riskGrade: RiskGrade,
});
export type SupervisionTarget = z.infer<typeof SupervisionTarget>;

export const RegisterInspectorRequest = z.object({
  accountId: uuid,
  certificateNo: z.string().regex(/^[A-Za-z0-9-]{4,40}$/),
  district: z.string().min(1).max(60),
  relations: z.array(uscc).max(200).default([]),
});
export const SupervisionInspector = z.object({
  accountId: uuid,
  departmentId: uuid,
  certificateNo: z.string(),
  district: z.string(),
  relations: z.array(z.string()),
});
export type SupervisionInspector = z.infer<typeof SupervisionInspector>;

export const Quota = z.union([
  z.object({ ratio: z.number().gt(0).max(1) }).strict(),
  z.object({ count: z.number().int().min(1).max(1_000_000) }).strict(),
]);
export const CreatePlanRequest = z.object({
  name: z.string().min(1).max(200),
  /** Supervision items; their departments make the plan joint (联合抽查) when more than one. */
  itemIds: z.array(uuid).min(1).max(50),
  filter: z.object({ industry: z.string().max(60).optional(), district: z.string().max(60).optional() }).default({}),
  quota: z.object({ A: Quota.optional(), B: Quota.optional(), C: Quota.optional(), D: Quota.optional() }),
  inspectorsPerDept: z.number().int().min(2).max(10).default(2),
});
export type CreatePlanRequest = z.infer<typeof CreatePlanRequest>;

export const SupervisionPlan = z.object({
  id: uuid,
  name: z.string(),
  leadDepartmentId: uuid,
  departmentIds: z.array(uuid),
  itemIds: z.array(uuid),
  filter: z.object({ industry: z.string().optional(), district: z.string().optional() }),
  quota: z.record(z.string(), z.unknown()),
  inspectorsPerDept: z.number(),
  status: z.enum(["draft", "committed", "drawn"]),
  drawId: uuid.nullable(),
  createdAt: isoInstant,
});
export type SupervisionPlan = z.infer<typeof SupervisionPlan>;
export const SupervisionPlanList = z.object({ items: z.array(SupervisionPlan) });

const RosterTarget = z.object({
  uscc: z.string(),
  name: z.string(),
  industry: z.string(),
  district: z.string(),
  riskGrade: RiskGrade,
});
/** No district, relationships or past visits (personal data): `recusal` is their salted SHA-256 commitment. */
const RosterInspector = z.object({
  id: z.string(),
  certificateNo: z.string(),
  departmentId: z.string(),
  recusal: z.string(),
});
/** For auditors: the salt and attributes that open a draw's recusal commitments. */
export const DrawRecusal = z.object({
  drawId: uuid,
  salt: z.string(),
  inspectors: z.array(
    z.object({ id: z.string(), district: z.string(), relations: z.array(z.string()), lastYear: z.array(z.string()) }),
  ),
});
export type DrawRecusal = z.infer<typeof DrawRecusal>;
/** The public draw record: everything needed to recompute the draw (see the verification recipe). */
export const DrawRecord = z.object({
  id: uuid,
  planId: uuid,
  algorithm: z.string(),
  params: z.object({
    planId: z.string(),
    departments: z.array(z.string()),
    quota: z.record(z.string(), z.unknown()),
    inspectorsPerDept: z.number(),
  }),
  targets: z.array(RosterTarget),
  inspectors: z.array(RosterInspector),
  rosterHash: z.string(),
  commitmentHash: z.string(),
  /** The seed is the audit log's root hash at this tree size (commitment leaf index + 2). */
  beaconTreeSize: z.number().nullable(),
  seed: z.string().nullable(),
  result: z
    .object({
      targets: z.array(z.object({ uscc: z.string(), inspectors: z.record(z.string(), z.array(z.string())) })),
    })
    .nullable(),
  /**
   * The commitment as the audit log holds it: its leaf index, the leaf bytes (base64) and, once drawn, the
   * RFC 9162 inclusion proof in the tree of `beaconTreeSize` entries whose root is the seed.
   */
  commitment: z
    .object({ leafIndex: z.number(), leafInput: z.string(), inclusionProof: z.array(z.string()) })
    .nullable(),
  committedAt: isoInstant,
  drawnAt: isoInstant.nullable(),
  recipe: z.string(),
});
export type DrawRecord = z.infer<typeof DrawRecord>;

export const CheckOutcome = z.enum(["pass", "fail", "na"]);
export const VisitCheck = z.object({
  itemId: uuid,
  departmentId: uuid,
  key: z.string(),
  text: z.string(),
  outcome: CheckOutcome.nullable(),
  note: z.string().nullable(),
});
export const InspectionResult = z.enum(["qualified", "rectify", "case"]);
export const SupervisionRectificationStatus = z.enum(["open", "reported", "passed", "case"]);
export const SupervisionRectificationEvidence = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(2000),
});
/**
 * 责令整改 follow-up of a visit: a deadline in working days (flagged overdue by a timer), the enterprise's (or an
 * inspector's) report with evidence, and an inspector's re-check (passed; or another deadline; or 立案).
 */
export const SupervisionRectification = z.object({
  id: uuid,
  visitId: uuid,
  targetUscc: z.string(),
  targetName: z.string(),
  departmentId: uuid,
  status: SupervisionRectificationStatus,
  round: z.number().int(),
  deadlineDate: isoDate,
  overdue: z.boolean(),
  report: z.string().nullable(),
  evidence: z.array(z.object({ title: z.string(), description: z.string() })),
  reportedAt: isoInstant.nullable(),
  recheckNote: z.string().nullable(),
  recheckedAt: isoInstant.nullable(),
});
export type SupervisionRectification = z.infer<typeof SupervisionRectification>;
export const SupervisionRectificationList = z.object({ items: z.array(SupervisionRectification) });
export const SupervisionRectificationQuery = z.object({
  status: SupervisionRectificationStatus.optional(),
  overdue: z.enum(["true", "false"]).optional(),
});
export const ReportRectificationRequest = z.object({
  report: z.string().trim().min(1).max(2000),
  evidence: z
    .array(SupervisionRectificationEvidence)
    .min(1, { message: "整改情况须附证明材料 / Evidence is required" })
    .max(20),
});
export type ReportRectificationRequest = z.infer<typeof ReportRectificationRequest>;
/** Re-check (复查): passed, or not passed and then 立案 or another deadline (a working day after today). */
export const RecheckRectificationRequest = z
  .object({
    passed: z.boolean(),
    note: z.string().trim().min(1).max(1000),
    next: z.enum(["case", "deadline"]).optional(),
    deadlineDate: isoDate.optional(),
  })
  .refine((r) => r.passed || r.next !== undefined, { message: "未通过复查须选择立案或再次限期整改", path: ["next"] })
  .refine((r) => r.passed || r.next !== "deadline" || r.deadlineDate !== undefined, {
    message: "再次限期整改须给出期限 / A new deadline is required",
    path: ["deadlineDate"],
  });
export type RecheckRectificationRequest = z.infer<typeof RecheckRectificationRequest>;

export const SupervisionVisit = z.object({
  id: uuid,
  planId: uuid,
  targetUscc: z.string(),
  targetName: z.string(),
  inspectorIds: z.array(uuid),
  checklist: z.array(VisitCheck),
  status: z.enum(["assigned", "in_progress", "finished"]),
  position: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  confirmations: z.array(uuid),
  /** Who signed the result and when (the images are kept with the visit, not sent with every list). */
  signatures: z.array(z.object({ accountId: uuid, signedAt: isoInstant })),
  result: InspectionResult.nullable(),
  publishBy: isoDate.nullable(),
  publishedAt: isoInstant.nullable(),
  /** The 责令整改 follow-up, once the visit finished with that result. */
  rectification: SupervisionRectification.nullable(),
});
export type SupervisionVisit = z.infer<typeof SupervisionVisit>;
export const SupervisionVisitList = z.object({ items: z.array(SupervisionVisit) });

/** A photo taken on a visit (the bytes are downloaded separately; never public). */
export const SupervisionVisitPhoto = z.object({
  id: uuid,
  visitId: uuid,
  name: z.string(),
  contentType: z.enum(["image/jpeg", "image/png", "image/webp"]),
  size: z.number().int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  uploadedBy: uuid,
  createdAt: isoInstant,
});
export type SupervisionVisitPhoto = z.infer<typeof SupervisionVisitPhoto>;
export const SupervisionVisitPhotoList = z.object({ items: z.array(SupervisionVisitPhoto) });

export const StartVisitRequest = z.object({
  position: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }),
});
export const RecordChecksRequest = z.object({
  checks: z
    .array(z.object({ index: z.number().int().min(0), outcome: CheckOutcome, note: z.string().max(500).optional() }))
    .min(1),
});
/** A hand-drawn signature: a PNG as a data URL (the phone page's signature pad), at most ~100 kB. */
export const SignatureImage = z
  .string()
  .max(140_000)
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/, { message: "签名须为 PNG 图片 / A PNG signature is required" });
export const ConfirmVisitRequest = z.object({ result: InspectionResult, signature: SignatureImage });

/** 一公开: the public list of published inspection results, searchable by enterprise name or code. */
export const PublishedResultsQuery = z.object({
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});
export const PublishedResult = z.object({
  id: uuid,
  uscc: z.string(),
  name: z.string(),
  /** The supervision items inspected (every department's, for a joint plan). */
  items: z.array(z.string()),
  result: InspectionResult,
  inspectedOn: isoDate,
  publishedAt: isoInstant,
  /** Law-enforcement certificate numbers of the inspectors (published in practice; no names, no districts). */
  certificateNos: z.array(z.string()),
  rectification: SupervisionRectificationStatus.nullable(),
});
export type PublishedResult = z.infer<typeof PublishedResult>;
export const PublishedResultList = z.object({ items: z.array(PublishedResult), total: z.number().int() });
export type PublishedResultList = z.infer<typeof PublishedResultList>;

/** Dashboards: coverage (inspected / planned), problem rate, by industry and district, rectification completion. */
export const DashboardQuery = z.object({ planId: uuid.optional() });
const DashboardGroup = z.object({
  key: z.string(),
  planned: z.number().int(),
  inspected: z.number().int(),
  problems: z.number().int(),
});
export const SupervisionDashboard = z.object({
  planned: z.number().int(),
  inspected: z.number().int(),
  problems: z.number().int(),
  /** inspected / planned; null when nothing is planned. */
  coverage: z.number().nullable(),
  /** problems (责令整改 or 立案) / inspected; null when nothing is inspected. */
  problemRate: z.number().nullable(),
  byIndustry: z.array(DashboardGroup),
  byDistrict: z.array(DashboardGroup),
  rectification: z.object({
    total: z.number().int(),
    open: z.number().int(),
    reported: z.number().int(),
    passed: z.number().int(),
    case: z.number().int(),
    overdue: z.number().int(),
    /** passed / total; null when there is none. */
    completionRate: z.number().nullable(),
  }),
  publication: z.object({ finished: z.number().int(), published: z.number().int(), overdue: z.number().int() }),
});
export type SupervisionDashboard = z.infer<typeof SupervisionDashboard>;

// ── credit 信用 ──
export const CreditRecordKind = z.enum(["license", "penalty", "inspection", "honour", "redlist", "blacklist"]);
export const CreateCreditRecordRequest = z.object({
  uscc,
  kind: CreditRecordKind,
  title: z.string().min(1).max(300),
  legalBasis: z.string().min(1).max(500),
  decidedOn: isoDate,
  /** End of the publication period (公示期); required for penalties (3 months to 3 years, NDRC Order 58). */
  publishUntil: isoDate.optional(),
});
export const CreditRecord = z.object({
  id: uuid,
  uscc: z.string(),
  kind: CreditRecordKind,
  title: z.string(),
  legalBasis: z.string(),
  decidedOn: isoDate,
  publishUntil: isoDate.nullable(),
  status: z.enum(["active", "repaired"]),
});
export type CreditRecord = z.infer<typeof CreditRecord>;
export const CreditGrade = z.enum(["A", "B", "C", "D"]);
export const CreditProfile = z.object({
  uscc: z.string(),
  name: z.string(),
  grade: CreditGrade,
  rulesVersion: z.string(),
  blacklisted: z.boolean(),
  /** Published records only (within their publication period, not repaired). */
  records: z.array(CreditRecord),
});
export type CreditProfile = z.infer<typeof CreditProfile>;
export const CreditSearchResult = z.object({
  items: z.array(z.object({ uscc: z.string(), name: z.string(), grade: CreditGrade })),
});

export const CreditRepairRequest = z.object({
  recordId: uuid,
  reason: z.string().min(1).max(2000),
  evidence: z
    .array(z.object({ title: z.string().min(1).max(200), description: z.string().min(1).max(2000) }))
    .min(1, { message: "信用修复须提交证明材料 / Evidence is required" }),
});
export const CreditRepair = z.object({
  id: uuid,
  recordId: uuid,
  uscc: z.string(),
  reason: z.string(),
  evidence: z.array(z.object({ title: z.string(), description: z.string() })),
  status: z.enum(["pending", "approved", "rejected"]),
  note: z.string().nullable(),
});
export type CreditRepair = z.infer<typeof CreditRepair>;
export const CreditRepairList = z.object({ items: z.array(CreditRepair) });
export const DecideRepairRequest = z.object({ approve: z.boolean(), note: z.string().max(1000).optional() });

export const PunishmentRuleRequest = z.object({
  measure: z.enum(["block", "flag"]),
  legalBasis: z.string().min(1).max(500),
});
export const PunishmentRule = PunishmentRuleRequest.extend({ itemCode: z.string() });

/**
 * 容缺受理 (accept now, materials later) for an item: enterprises whose credit grade is one of `grades` may be
 * accepted with optional materials, or the required ones named in `materials`, still missing; they commit
 * (承诺) to hand them in within `workingDays` working days of acceptance.
 */
export const DeferralRuleRequest = z.object({
  allowDeferredMaterials: z.boolean(),
  grades: z.array(CreditGrade).min(1).max(4),
  /** Required materials that may be deferred (optional ones always may). */
  materials: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  workingDays: z.number().int().min(1).max(60),
  legalBasis: z.string().min(1).max(500),
});
export const DeferralRule = DeferralRuleRequest.extend({ itemCode: z.string() });
export type DeferralRule = z.infer<typeof DeferralRule>;

/** An applicant enterprise's credit as the clerk and approver see it while handling its case. */
export const CreditSummary = z
  .object({
    uscc: z.string(),
    name: z.string(),
    grade: CreditGrade,
    rulesVersion: z.string(),
    /** Red and black list entries in publication, with their legal basis and publication period. */
    lists: z.array(
      z.object({
        kind: z.enum(["redlist", "blacklist"]),
        title: z.string(),
        legalBasis: z.string(),
        decidedOn: isoDate,
        publishUntil: isoDate.nullable(),
      }),
    ),
    inspections: z.number().int(),
    penalties: z.number().int(),
    /** 12345 complaints naming the enterprise (by USCC) in the last 12 months; null where none are counted. */
    complaints: z.number().int().nullable(),
    /** The item's joint-punishment rule when it applies to this enterprise. */
    punishment: z.object({ measure: z.enum(["block", "flag"]), legalBasis: z.string() }).nullable(),
    /** The item's 容缺受理 rule, and whether this enterprise's grade qualifies. */
    deferral: z
      .object({
        qualifies: z.boolean(),
        grades: z.array(CreditGrade),
        materials: z.array(z.string()),
        workingDays: z.number().int(),
      })
      .nullable(),
  })
  .meta({ id: "CreditSummary" });
export type CreditSummary = z.infer<typeof CreditSummary>;
export const CaseCreditSummary = z.object({ summary: CreditSummary.nullable() });
