import path from "node:path";
import { z } from "zod";
import { CRYPTO_SUITES, type CryptoSuiteName } from "./crypto/suite.js";
import { RUNTIME_PATHS } from "./runtime-paths.js";

/**
 * Configuration comes from environment variables only (twelve-factor). Every variable is listed here,
 * validated here, and documented in README.md's configuration table; nothing else reads process.env.
 */

/** Development-only defaults. In production any of these values makes the server refuse to start. */
export const DEV_SECRETS = {
  SESSION_SECRET: "dev-only-session-secret-change-me-0000000000",
  DATA_ENCRYPTION_KEY: "ZGV2LW9ubHktZGF0YS1lbmNyeXB0aW9uLWtleS0wMDA=",
  PII_INDEX_KEY: "ZGV2LW9ubHktcGlpLWJsaW5kLWluZGV4LWtleS0wMDA=",
} as const;

/**
 * The development payment callback secret. Production refuses it like DEV_SECRETS: whoever knows it could
 * sign a "paid" notification for any order (payments/notices.ts), so it must be the secret agreed with the
 * payment system.
 */
export const DEV_PAYMENT_CALLBACK_SECRET = "dev-only-payment-callback-secret-0000000000";

/**
 * The development Web Push (VAPID, RFC 8292) key pair, generated once with web-push's generateVAPIDKeys():
 * kept here like DEV_SECRETS so a development browser's subscription survives restarts. Production with
 * NOTIFY_WEBPUSH=true refuses to start with it (or without keys).
 */
export const DEV_VAPID = {
  publicKey: "BCX8mYXZrZXm9nUXfP_i8TLcOSLDeI_JgxFGs-Sg1F9f-QN7YO5ze60JjK_SSHNKF0R1Ysm8fLhA0YqjBAlu6j4",
  privateKey: "TiIRtagee1z84HS9BeRbCjnIzwr0EmKPXQRCE8zB-GA",
  subject: "mailto:dev@yiwang.local",
} as const;

const key32 = z.string().refine((v) => Buffer.from(v, "base64").length === 32, { message: "must be 32 bytes, base64" });

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: "unknown IANA time zone" },
);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  HOST: z.string().default("localhost"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(10),
  DATA_DIR: z.string().default(".data"),
  BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  TIME_ZONE: timeZone.default("Asia/Shanghai"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  REQUEST_LOG_SAMPLE: z.coerce.number().min(0).max(1).optional(),
  SEED_DEMO: bool.default(true),
  WEB_DIST: z.string().optional(),
  TRUST_PROXY: bool.default(false),
  METRICS_TOKEN: z.string().min(16).optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  SESSION_SECRET: z.string().min(32).default(DEV_SECRETS.SESSION_SECRET),
  DATA_ENCRYPTION_KEY: key32.default(DEV_SECRETS.DATA_ENCRYPTION_KEY),
  DATA_ENCRYPTION_PREVIOUS_KEYS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .pipe(z.array(key32)),
  PII_INDEX_KEY: key32.default(DEV_SECRETS.PII_INDEX_KEY),
  /** Algorithms for new signatures and ciphertexts (platform/crypto/suite.ts); old ones keep theirs. */
  CRYPTO_SUITE: z.enum(CRYPTO_SUITES).default("international"),
  // Unset: http://localhost:<PORT> (see loadConfig), so changing PORT alone keeps QR codes and issuers right.
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  COOKIE_SECURE: bool.optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  PASSWORD_HISTORY: z.coerce.number().int().min(0).max(24).default(5),
  // Level 3 asks for at least 8 characters; 64 is far past any policy and under the 128 the API accepts.
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(64).default(8),
  // Of lower case, upper case, digits, symbols. Fewer than two is no complexity rule at all.
  PASSWORD_MIN_CLASSES: z.coerce.number().int().min(2).max(4).default(3),
  // Days a staff password lasts (0: never expires); ten years is the most that still means something.
  STAFF_PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  STAFF_PASSWORD_WARN_DAYS: z.coerce.number().int().min(0).max(365).default(14),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  LOGIN_RATE_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_RATE_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  SMS_SENDER: z.enum(["dev", "http"]).default("dev"),
  SMS_HTTP_URL: z.url().optional(),
  SMS_HTTP_TOKEN: z.string().min(8).optional(),
  SMS_CODE_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  SMS_RESEND_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  SMS_RATE_PER_IP: z.coerce.number().int().min(1).default(30),
  SMS_RATE_PER_PHONE: z.coerce.number().int().min(1).default(10),
  AUDIT_SEQUENCE_INTERVAL_MS: z.coerce.number().int().min(10).default(200),
  AUDIT_STH_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
  CLOCK_OFFSET_SECONDS: z.coerce.number().int().default(0),
  JOBS_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /** Due jobs a process runs at once on PostgreSQL (each holds a pool connection; PGlite always runs one). */
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Cases: yellow light at or below this share of the promised working days left. */
  CASE_YELLOW_SHARE: z.coerce.number().min(0).max(1).default(0.2),
  // 缴费 (issue 15): the payment adapter (only the demo one exists), the secret the payment system signs its
  // notifications with (HMAC-SHA256), and the working days from approval to the last day to pay.
  PAYMENT_ADAPTER: z.enum(["demo"]).default("demo"),
  PAYMENT_CALLBACK_SECRET: z.string().min(32).default(DEV_PAYMENT_CALLBACK_SECRET),
  PAYMENT_DUE_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(15),
  /** Cases: working days past the deadline before the supervisors are notified (second escalation level). */
  CASE_ESCALATION_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(2),
  // 好差评: days an invitation stays open; working days to rectify a 差评 (Zhejiang 15, elsewhere 5 or 10);
  // working days past that before the supervisors hear of it; whether unevaluated invitations count as
  // 默认好评 (shown apart from the rates); requests per minute and IP on the public evaluation paths.
  EVALUATION_INVITE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  EVALUATION_RECTIFY_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
  EVALUATION_ESCALATION_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(2),
  EVALUATION_DEFAULT_GOOD: bool.default(false),
  EVALUATION_PUBLIC_RATE_PER_IP: z.coerce.number().int().min(1).default(120),
  // Help centre (GET /api/help): searches per minute per client IP.
  HELP_RATE_PER_IP: z.coerce.number().int().min(1).default(60),
  // Exchange gateway: calls per consumer department and minute; proxied providers' default timeout and
  // circuit breaker (consecutive failures that open it, seconds before a half-open probe).
  EXCHANGE_CALLS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  EXCHANGE_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3000),
  EXCHANGE_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  EXCHANGE_BREAKER_COOLDOWN_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  FILE_STORE: z.enum(["local", "s3"]).default("local"),
  FILES_DIR: z.string().optional(),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  MATERIAL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(20 * 1024 * 1024),
  // Security management (issue 14): how long a dual-control proposal waits for its decision, and the
  // detector's thresholds — N account lockouts within M minutes (platform-wide), N refused (403) requests
  // from one actor or one IP within S seconds.
  DUAL_CONTROL_EXPIRY_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  SECURITY_LOCKOUT_ALERT_COUNT: z.coerce.number().int().min(1).max(10_000).default(5),
  SECURITY_LOCKOUT_ALERT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(10),
  SECURITY_DENIED_ALERT_COUNT: z.coerce.number().int().min(2).max(100_000).default(20),
  SECURITY_DENIED_ALERT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // 一码通: seconds a personal code lives (a screenshot stops working after it), hours between signing-key
  // rotations, minutes a scan waits for the holder's consent and stays readable by the window.
  ONECODE_LIFETIME_SECONDS: z.coerce.number().int().min(10).max(600).default(60),
  ONECODE_KEY_ROTATION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24),
  ONECODE_SCAN_MINUTES: z.coerce.number().int().min(1).max(240).default(30),
  // Notices on channels (issue 18): where notice SMS go (default: the login-code sender's SMS_HTTP_URL when
  // SMS_SENDER=http, else the development outbox), SMTP for email (unset: no email channel), the hosts a
  // department group webhook may point at, attempts before a delivery is failed (dead letter), SMS per
  // person and local day (legally required notices are exempt), and sends per channel and second.
  NOTIFY_SMS_HTTP_URL: z.url().optional(),
  NOTIFY_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  NOTIFY_EMAIL_FROM: z.string().min(3).default("一网通办 <noreply@yiwang.local>"),
  NOTIFY_WEBHOOK_HOSTS: z.string().default("qyapi.weixin.qq.com,oapi.dingtalk.com"),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(6),
  NOTIFY_SMS_DAILY_CAP: z.coerce.number().int().min(1).max(1000).default(10),
  NOTIFY_CHANNEL_RATE_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(50),
  // Web Push (issue 18): on by default outside production; the VAPID pair (base64url, as web-push's
  // generateVAPIDKeys prints it) and subject (mailto: or https:). NOTIFY_WEBPUSH_TEST_HOSTS is for tests only
  // (refused unless NODE_ENV=test): loopback hosts whose plain-http endpoints a stand-in push service serves.
  NOTIFY_WEBPUSH: bool.optional(),
  NOTIFY_VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{87}$/, "an uncompressed P-256 point, base64url")
    .optional(),
  NOTIFY_VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, "32 bytes, base64url")
    .optional(),
  NOTIFY_VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, "mailto: or https: URL")
    .optional(),
  NOTIFY_WEBPUSH_TEST_HOSTS: z.string().optional(),
  // Staff messaging (会商): days a message is kept before the retention job deletes it (audited).
  MESSAGING_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
});

export type Env = z.infer<typeof EnvSchema>;

export interface AppConfig {
  env: Env["NODE_ENV"];
  host: string;
  port: number;
  /** Set → node-postgres against that server; unset → embedded PGlite under dataDir. */
  databaseUrl?: string;
  /**
   * Connections this process keeps to PostgreSQL (DATABASE_URL only; the cache listener holds one more).
   * Several nodes share the server's max_connections: nodes × (pool + 1) must stay below it.
   */
  databasePoolSize: number;
  dataDir: string;
  bodyLimit: number;
  timeZone: string;
  logLevel: Env["LOG_LEVEL"];
  /** Share of successful GET/HEAD answers logged; writes, errors and slow answers always are. */
  requestLogSample: number;
  seedDemo: boolean;
  webDist: string;
  trustProxy: boolean;
  /** Requests per minute per client IP on /api (0 = off). Per process: behind N nodes the limit is N×. */
  rateLimitPerMinute: number;
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  metricsToken?: string;
  secrets: {
    sessionSecret: string;
    dataEncryptionKey: string;
    /** Retired personal-data keys, still accepted for decryption (key rotation). */
    previousDataEncryptionKeys: string[];
    /** Key of the blind index over phone and ID numbers (kept across encryption-key rotations). */
    piiIndexKey: string;
  };
  /**
   * Which algorithms new seals, credentials, tree heads and ciphertexts use: `international` (ECDSA P-256,
   * Ed25519, AES-256-GCM) or `national` (SM2/SM3, SM4-GCM). Existing artefacts keep verifying either way.
   */
  cryptoSuite: CryptoSuiteName;
  /** The platform's public base URL: the OIDC issuer (discovery at PUBLIC_URL/.well-known/openid-configuration). */
  publicUrl: string;
  identity: {
    cookieSecure: boolean;
    sessionIdleMinutes: number;
    sessionAbsoluteHours: number;
    loginMaxFailures: number;
    /** A new password may not be any of the account's last N (the current one included); 0 turns it off. */
    passwordHistory: number;
    loginLockMinutes: number;
    /** Strength rules of every new password: length and character classes (passwords.ts). */
    passwordPolicy: { minLength: number; minClasses: number };
    /**
     * Staff passwords expire `maxAgeDays` after they were set (0: never) and must then be changed at the
     * login; staff are warned in the last `warnDays`.
     */
    staffPassword: { maxAgeDays: number; warnDays: number };
    /** Login attempts per minute per client IP, and per account, on every login path. */
    loginRatePerIp: number;
    loginRatePerAccount: number;
    sms: {
      sender: "dev" | "http";
      httpUrl?: string;
      httpToken?: string;
      codeTtlSeconds: number;
      resendSeconds: number;
      /** Codes sent per hour per client IP, and per phone number. */
      ratePerIp: number;
      ratePerPhone: number;
    };
  };
  audit: { sequenceIntervalMs: number; sthIntervalSeconds: number };
  /** Seconds added to the system clock (tests and rehearsals "in the future"); always 0 in production. */
  clockOffsetSeconds: number;
  jobs: { pollMs: number; concurrency: number };
  cases: { yellowShare: number; escalationWorkingDays: number };
  payments: { adapter: "demo"; callbackSecret: string; dueWorkingDays: number };
  evaluation: {
    inviteDays: number;
    rectifyWorkingDays: number;
    escalationWorkingDays: number;
    defaultGood: boolean;
    publicRatePerIp: number;
  };
  help: { ratePerIp: number };
  exchange: {
    callsPerMinute: number;
    providerTimeoutMs: number;
    breakerFailures: number;
    breakerCooldownSeconds: number;
  };
  files: {
    store: "local" | "s3";
    /** Directory of the local blob store. */
    dir: string;
    s3?: {
      endpoint?: string;
      region: string;
      bucket: string;
      accessKeyId?: string;
      secretAccessKey?: string;
      forcePathStyle: boolean;
    };
    /** Largest accepted application material (bytes). */
    materialMaxBytes: number;
  };
  security: {
    /** Hours a dual-control proposal waits for its decision before it expires. */
    dualControlExpiryHours: number;
    /** An alert when this many account lockouts happen within `minutes` (across the platform). */
    lockoutAlert: { count: number; minutes: number };
    /** An alert when one actor or one IP is refused (403) this many times within `seconds`. */
    deniedAlert: { count: number; seconds: number };
  };
  onecode: { lifetimeSeconds: number; keyRotationHours: number; scanMinutes: number };
  notify: {
    /** Notice SMS through the HTTP adapter; unset: the development outbox (or SMS_HTTP_URL when SMS_SENDER=http). */
    smsHttpUrl?: string;
    smsHttpToken?: string;
    /** smtp(s)://user:pass@host:port; unset: no email channel. */
    smtpUrl?: string;
    emailFrom: string;
    /** Hosts a department group webhook may point at (exact host names, https only). */
    webhookHosts: string[];
    maxAttempts: number;
    smsDailyCap: number;
    channelRatePerSecond: number;
    /** Web Push with this VAPID pair; unset: no webpush channel (its routes answer 404). */
    webpush?: { publicKey: string; privateKey: string; subject: string; testHosts: string[] };
  };
  messaging: {
    /** Days a staff message is kept (the retention job deletes older ones). */
    retentionDays: number;
  };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.NODE_ENV === "production") {
    const weak = (Object.keys(DEV_SECRETS) as (keyof typeof DEV_SECRETS)[]).filter((k) => e[k] === DEV_SECRETS[k]);
    const problems = weak.map((k) => `${k}: the development default must not be used in production`);
    if (e.SMS_SENDER === "dev") problems.push("SMS_SENDER: the development sender must not be used in production");
    if (e.PAYMENT_CALLBACK_SECRET === DEV_PAYMENT_CALLBACK_SECRET)
      problems.push("PAYMENT_CALLBACK_SECRET: the development default must not be used in production");
    if (e.CLOCK_OFFSET_SECONDS !== 0)
      problems.push("CLOCK_OFFSET_SECONDS: the clock must not be shifted in production");
    // /metrics names routes, volumes and error rates: a map for an attacker. In production it answers
    // only with this token (scrapers send it as a bearer token).
    if (!e.METRICS_TOKEN) problems.push("METRICS_TOKEN: required in production (/metrics is not public)");
    if (e.NOTIFY_WEBPUSH) {
      for (const k of ["NOTIFY_VAPID_PUBLIC_KEY", "NOTIFY_VAPID_PRIVATE_KEY", "NOTIFY_VAPID_SUBJECT"] as const)
        if (!e[k]) problems.push(`${k}: required in production when NOTIFY_WEBPUSH=true`);
      if (e.NOTIFY_VAPID_PRIVATE_KEY === DEV_VAPID.privateKey)
        problems.push("NOTIFY_VAPID_PRIVATE_KEY: the development key must not be used in production");
    }
    if (problems.length > 0) throw new ConfigError(problems);
  }
  if (e.SMS_SENDER === "http" && !e.SMS_HTTP_URL) {
    throw new ConfigError(["SMS_HTTP_URL: required when SMS_SENDER=http"]);
  }
  if (e.STAFF_PASSWORD_MAX_AGE_DAYS > 0 && e.STAFF_PASSWORD_WARN_DAYS >= e.STAFF_PASSWORD_MAX_AGE_DAYS) {
    // A warning window as long as the password's life would warn from the day it is set.
    throw new ConfigError(["STAFF_PASSWORD_WARN_DAYS: must be less than STAFF_PASSWORD_MAX_AGE_DAYS"]);
  }
  if (e.NOTIFY_WEBPUSH_TEST_HOSTS && e.NODE_ENV !== "test")
    throw new ConfigError(["NOTIFY_WEBPUSH_TEST_HOSTS: for tests only (NODE_ENV=test)"]);
  const webpushTestHosts = (e.NOTIFY_WEBPUSH_TEST_HOSTS ?? "").split(",").map((h) => h.trim().toLowerCase());
  if (webpushTestHosts.some((h) => h && !["127.0.0.1", "localhost", "[::1]"].includes(h)))
    throw new ConfigError(["NOTIFY_WEBPUSH_TEST_HOSTS: loopback hosts only"]);
  if (!e.NOTIFY_VAPID_PUBLIC_KEY !== !e.NOTIFY_VAPID_PRIVATE_KEY)
    throw new ConfigError(["NOTIFY_VAPID_PUBLIC_KEY, NOTIFY_VAPID_PRIVATE_KEY: set both or neither"]);
  const webpushOn = e.NOTIFY_WEBPUSH ?? e.NODE_ENV !== "production";
  if (e.FILE_STORE === "s3" && !e.S3_BUCKET) throw new ConfigError(["S3_BUCKET: required when FILE_STORE=s3"]);
  if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY)
    throw new ConfigError(["S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both or neither"]);
  // Requests need connections too while the worker runs.
  if (e.JOBS_CONCURRENCY >= e.DATABASE_POOL_SIZE)
    throw new ConfigError(["JOBS_CONCURRENCY: must be less than DATABASE_POOL_SIZE"]);
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir,
    bodyLimit: e.BODY_LIMIT,
    timeZone: e.TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    requestLogSample: e.REQUEST_LOG_SAMPLE ?? (e.NODE_ENV === "production" ? 0.01 : 1),
    seedDemo: e.SEED_DEMO,
    webDist: path.resolve(e.WEB_DIST ?? RUNTIME_PATHS.webDist),
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    secrets: {
      sessionSecret: e.SESSION_SECRET,
      dataEncryptionKey: e.DATA_ENCRYPTION_KEY,
      previousDataEncryptionKeys: e.DATA_ENCRYPTION_PREVIOUS_KEYS,
      piiIndexKey: e.PII_INDEX_KEY,
    },
    cryptoSuite: e.CRYPTO_SUITE,
    // Derived from PORT when unset: with PORT=8080 alone, QR codes and the OIDC and credential issuer
    // pointed at :3000 before (issue 15).
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    identity: {
      cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === "production",
      sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
      sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      passwordHistory: e.PASSWORD_HISTORY,
      loginLockMinutes: e.LOGIN_LOCK_MINUTES,
      passwordPolicy: { minLength: e.PASSWORD_MIN_LENGTH, minClasses: e.PASSWORD_MIN_CLASSES },
      staffPassword: { maxAgeDays: e.STAFF_PASSWORD_MAX_AGE_DAYS, warnDays: e.STAFF_PASSWORD_WARN_DAYS },
      loginRatePerIp: e.LOGIN_RATE_PER_IP,
      loginRatePerAccount: e.LOGIN_RATE_PER_ACCOUNT,
      sms: {
        sender: e.SMS_SENDER,
        httpUrl: e.SMS_HTTP_URL,
        httpToken: e.SMS_HTTP_TOKEN,
        codeTtlSeconds: e.SMS_CODE_TTL_SECONDS,
        resendSeconds: e.SMS_RESEND_SECONDS,
        ratePerIp: e.SMS_RATE_PER_IP,
        ratePerPhone: e.SMS_RATE_PER_PHONE,
      },
    },
    audit: { sequenceIntervalMs: e.AUDIT_SEQUENCE_INTERVAL_MS, sthIntervalSeconds: e.AUDIT_STH_INTERVAL_SECONDS },
    clockOffsetSeconds: e.CLOCK_OFFSET_SECONDS,
    jobs: { pollMs: e.JOBS_POLL_MS, concurrency: e.JOBS_CONCURRENCY },
    cases: { yellowShare: e.CASE_YELLOW_SHARE, escalationWorkingDays: e.CASE_ESCALATION_WORKING_DAYS },
    payments: {
      adapter: e.PAYMENT_ADAPTER,
      callbackSecret: e.PAYMENT_CALLBACK_SECRET,
      dueWorkingDays: e.PAYMENT_DUE_WORKING_DAYS,
    },
    evaluation: {
      inviteDays: e.EVALUATION_INVITE_DAYS,
      rectifyWorkingDays: e.EVALUATION_RECTIFY_WORKING_DAYS,
      escalationWorkingDays: e.EVALUATION_ESCALATION_WORKING_DAYS,
      defaultGood: e.EVALUATION_DEFAULT_GOOD,
      publicRatePerIp: e.EVALUATION_PUBLIC_RATE_PER_IP,
    },
    help: { ratePerIp: e.HELP_RATE_PER_IP },
    exchange: {
      callsPerMinute: e.EXCHANGE_CALLS_PER_MINUTE,
      providerTimeoutMs: e.EXCHANGE_PROVIDER_TIMEOUT_MS,
      breakerFailures: e.EXCHANGE_BREAKER_FAILURES,
      breakerCooldownSeconds: e.EXCHANGE_BREAKER_COOLDOWN_SECONDS,
    },
    files: {
      store: e.FILE_STORE,
      dir: path.resolve(e.FILES_DIR ?? path.join(dataDir, "files")),
      s3: e.S3_BUCKET
        ? {
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : undefined,
      materialMaxBytes: e.MATERIAL_MAX_BYTES,
    },
    security: {
      dualControlExpiryHours: e.DUAL_CONTROL_EXPIRY_HOURS,
      lockoutAlert: { count: e.SECURITY_LOCKOUT_ALERT_COUNT, minutes: e.SECURITY_LOCKOUT_ALERT_MINUTES },
      deniedAlert: { count: e.SECURITY_DENIED_ALERT_COUNT, seconds: e.SECURITY_DENIED_ALERT_SECONDS },
    },
    onecode: {
      lifetimeSeconds: e.ONECODE_LIFETIME_SECONDS,
      keyRotationHours: e.ONECODE_KEY_ROTATION_HOURS,
      scanMinutes: e.ONECODE_SCAN_MINUTES,
    },
    notify: {
      smsHttpUrl: e.NOTIFY_SMS_HTTP_URL ?? (e.SMS_SENDER === "http" ? e.SMS_HTTP_URL : undefined),
      smsHttpToken: e.SMS_HTTP_TOKEN,
      smtpUrl: e.NOTIFY_SMTP_URL,
      emailFrom: e.NOTIFY_EMAIL_FROM,
      webhookHosts: e.NOTIFY_WEBHOOK_HOSTS.split(",")
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
      maxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      smsDailyCap: e.NOTIFY_SMS_DAILY_CAP,
      channelRatePerSecond: e.NOTIFY_CHANNEL_RATE_PER_SECOND,
      webpush: webpushOn
        ? {
            publicKey: e.NOTIFY_VAPID_PUBLIC_KEY ?? DEV_VAPID.publicKey,
            privateKey: e.NOTIFY_VAPID_PRIVATE_KEY ?? DEV_VAPID.privateKey,
            subject: e.NOTIFY_VAPID_SUBJECT ?? DEV_VAPID.subject,
            testHosts: webpushTestHosts.filter(Boolean),
          }
        : undefined,
    },
    messaging: { retentionDays: e.MESSAGING_RETENTION_DAYS },
  };
}
