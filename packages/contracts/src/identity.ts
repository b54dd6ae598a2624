import { z } from "zod";
import { idNumber, isoInstant, uscc, uuid } from "./common.js";
import { isMobile, normalizeMobile } from "./validators/mobile.js";

/** Identity (统一身份认证): request and response shapes of /api/identity. */

export const mobile = z
  .string()
  .transform(normalizeMobile)
  .refine(isMobile, { message: "手机号码无效 / Invalid mobile number" });

/** Strength rules beyond length are checked on the server (PASSWORD_TOO_WEAK names the rule). */
export const Password = z.string().min(8).max(128);
export const SmsCode = z.string().regex(/^\d{6}$/, { message: "验证码应为 6 位数字 / The code has 6 digits" });
export const TotpCode = z.string().regex(/^\d{6}$/, { message: "动态口令应为 6 位数字 / The code has 6 digits" });

export const ROLE_NAMES = [
  "window_clerk",
  "approver",
  "dept_admin",
  "platform_admin",
  "auditor",
  "supervisor",
  "security_admin",
  "archivist",
  "hotline_operator",
] as const;
export const RoleName = z.enum(ROLE_NAMES);
export type RoleName = z.infer<typeof RoleName>;

/** What an enterprise's agent (经办人) may be authorised to do for it. */
export const AGENT_SCOPES = ["case.apply", "case.view", "license.use"] as const;
export const AgentScope = z.enum(AGENT_SCOPES);
export type AgentScope = z.infer<typeof AgentScope>;

export const RealnameLevel = z.union([z.literal(1), z.literal(2), z.literal(3)]);

// ── SMS, registration, login ─────────────────────────────────────────────────────────────────────────
export const SmsPurpose = z.enum(["register", "login", "reset_password"]);
export const SmsSendRequest = z.object({ phone: mobile, purpose: SmsPurpose });
export const SmsSendResponse = z.object({
  expiresInSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
});

export const RegisterRequest = z.object({
  phone: mobile,
  code: SmsCode,
  password: Password,
  displayName: z.string().trim().min(1).max(40).optional(),
});
export const PasswordLoginRequest = z.object({ phone: mobile, password: z.string().min(1).max(128) });
export const SmsLoginRequest = z.object({ phone: mobile, code: SmsCode });
export const PasswordResetRequest = z.object({ phone: mobile, code: SmsCode, password: Password });
export const PasswordChangeRequest = z.object({ currentPassword: z.string().min(1).max(128), password: Password });

export const StaffLoginRequest = z.object({
  username: z.string().trim().toLowerCase().min(3).max(32),
  password: z.string().min(1).max(128),
});
export const StaffLoginResponse = z.object({
  next: z.enum(["mfa_verify", "mfa_enroll"]).describe("The second factor step that completes the login"),
});
/** Why a staff login waits for a new password: it expired, or someone else issued it (create, reset). */
export const PasswordChangeReason = z.enum(["expired", "one_time"]);
export type PasswordChangeReason = z.infer<typeof PasswordChangeReason>;
export const StaffSecondFactorResponse = z.object({
  ok: z.literal(true),
  passwordChangeRequired: PasswordChangeReason.nullable().describe(
    "null: signed in. Otherwise the session authorises nothing until POST /api/identity/staff/login/new-password",
  ),
});
export const MfaEnrollment = z.object({
  secret: z.string().describe("Base32 TOTP secret (RFC 6238, SHA-1, 6 digits, 30 s)"),
  otpauthUri: z.string(),
});
export const MfaCodeRequest = z.object({ code: TotpCode });

// ── The signed-in person ─────────────────────────────────────────────────────────────────────────────
export const ActingFor = z.object({
  enterpriseId: uuid,
  uscc: z.string(),
  name: z.string(),
  as: z.enum(["representative", "agent"]),
  scopes: z.array(z.string()),
});
export type ActingFor = z.infer<typeof ActingFor>;

export const Me = z
  .object({
    id: uuid,
    kind: z.enum(["citizen", "staff"]),
    displayName: z.string(),
    username: z.string().nullable(),
    realName: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    idNumberMasked: z.string().nullable(),
    realnameLevel: RealnameLevel,
    realnameVerifiedAt: isoInstant.nullable(),
    roles: z.array(RoleName),
    department: z.object({ id: uuid, name: z.string() }).nullable(),
    actingFor: ActingFor.nullable(),
    mfaEnabled: z.boolean(),
    /** Staff: when the current password expires (STAFF_PASSWORD_MAX_AGE_DAYS); null when it does not. */
    passwordExpiresAt: isoInstant.nullable(),
    /** Whole days left, within the warning window (STAFF_PASSWORD_WARN_DAYS) only; else null. */
    passwordDaysLeft: z.number().int().nullable(),
  })
  .meta({ id: "Me" });
export type Me = z.infer<typeof Me>;

export const SessionInfo = z.object({
  id: uuid,
  authMethod: z.string(),
  createdAt: isoInstant,
  lastSeenAt: isoInstant,
  expiresAt: isoInstant,
  idleExpiresAt: isoInstant,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;
export const SessionList = z.object({ items: z.array(SessionInfo) });

export const RealnameRequest = z.object({ name: z.string().trim().min(2).max(40), idNumber });
export type RealnameRequest = z.infer<typeof RealnameRequest>;

// ── Enterprises and agents ───────────────────────────────────────────────────────────────────────────
export const MyEnterprise = z.object({
  id: uuid,
  uscc: z.string(),
  name: z.string(),
  as: z.enum(["representative", "agent"]),
  scopes: z.array(z.string()),
  expiresAt: isoInstant.nullable(),
});
export type MyEnterprise = z.infer<typeof MyEnterprise>;
export const MyEnterpriseList = z.object({ items: z.array(MyEnterprise) });
export const BindEnterpriseRequest = z.object({ uscc });

export const Agent = z.object({
  id: uuid,
  accountId: uuid,
  displayName: z.string(),
  nameMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  scopes: z.array(AgentScope),
  expiresAt: isoInstant,
  createdAt: isoInstant,
  revokedAt: isoInstant.nullable(),
  status: z.enum(["active", "expired", "revoked"]),
});
export type Agent = z.infer<typeof Agent>;
export const AgentList = z.object({ items: z.array(Agent) });
export const AgentCreate = z.object({
  phone: mobile,
  scopes: z.array(AgentScope).min(1),
  expiresAt: isoInstant,
});
export const ActingForRequest = z.object({ enterpriseId: uuid.nullable() });

// ── Staff administration ─────────────────────────────────────────────────────────────────────────────
export const StaffAccount = z
  .object({
    id: uuid,
    username: z.string(),
    displayName: z.string(),
    departmentId: uuid,
    roles: z.array(RoleName),
    status: z.enum(["active", "disabled"]),
    mfaEnabled: z.boolean(),
    lockedUntil: isoInstant.nullable(),
    createdAt: isoInstant,
  })
  .meta({ id: "StaffAccount" });
export type StaffAccount = z.infer<typeof StaffAccount>;
export const StaffList = z.object({ items: z.array(StaffAccount), total: z.number().int() });
export const StaffListQuery = z.object({
  departmentId: uuid.optional(),
  q: z.string().trim().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const StaffCreate = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9._-]{2,31}$/, {
      message: "用户名为 3–32 位小写字母、数字或 ._- / 3–32 lower-case letters, digits or ._-",
    }),
  displayName: z.string().trim().min(1).max(40),
  departmentId: uuid,
  roles: z.array(RoleName).min(1),
  password: Password,
});
export const StaffUpdate = z
  .object({
    displayName: z.string().trim().min(1).max(40),
    roles: z.array(RoleName).min(1),
    status: z.enum(["active", "disabled"]),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "至少修改一个字段 / At least one field must change" });
export const StaffPasswordReset = z.object({ password: Password });

// ── Citizens as staff see them ───────────────────────────────────────────────────────────────────────
export const CitizenSummary = z.object({
  id: uuid,
  displayName: z.string(),
  realNameMasked: z.string().nullable(),
  phoneMasked: z.string(),
  idNumberMasked: z.string().nullable(),
  realnameLevel: RealnameLevel,
  realnameMethod: z.string().nullable(),
  status: z.enum(["active", "disabled"]),
});
export type CitizenSummary = z.infer<typeof CitizenSummary>;
export const CitizenLookupQuery = z
  .object({ phone: mobile.optional(), idNumber: idNumber.optional() })
  .refine((q) => (q.phone ? 1 : 0) + (q.idNumber ? 1 : 0) === 1, {
    message: "按手机号或身份证号其一查询 / Look up by exactly one of phone or idNumber",
  });
export const PersonalDataRequest = z.object({
  reason: z.string().trim().min(4).max(200).describe("Why the full value is needed; recorded"),
});
export const PersonalData = z.object({
  realName: z.string().nullable(),
  phone: z.string(),
  idNumber: z.string().nullable(),
});
export const RealnameL3Request = z.object({
  method: z.enum(["in_person", "strong_factor"]),
  note: z.string().trim().min(2).max(200),
});
export const PiiAccessEntry = z.object({
  id: z.number().int(),
  actor: z.string(),
  subject: z.string(),
  field: z.string(),
  reason: z.string(),
  requestId: z.string().nullable(),
  createdAt: isoInstant,
});
export const PiiAccessList = z.object({ items: z.array(PiiAccessEntry) });

// ── Machine API ──────────────────────────────────────────────────────────────────────────────────────
export const RealnameCheckRequest = z.object({ name: z.string().trim().min(1).max(40), idNumber });
export const RealnameCheckResponse = z.object({ match: z.boolean() });
