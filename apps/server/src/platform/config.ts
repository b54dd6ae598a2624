import path from "node:path";
import { z } from "zod";

/**
 * Configuration comes from environment variables only (twelve-factor). Every variable is listed here,
 * validated here, and documented in README.md's configuration table; nothing else reads process.env.
 */

/** Development-only defaults. In production any of these values makes the server refuse to start. */
export const DEV_SECRETS = {
  SESSION_SECRET: "dev-only-session-secret-change-me-0000000000",
  DATA_ENCRYPTION_KEY: "ZGV2LW9ubHktZGF0YS1lbmNyeXB0aW9uLWtleS0wMDA=",
  DEV_ADMIN_TOKEN: "dev-admin",
  DEV_AUDITOR_TOKEN: "dev-auditor",
} as const;

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
  DATA_DIR: z.string().default(".data"),
  BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  TIME_ZONE: timeZone.default("Asia/Shanghai"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO: bool.default(true),
  WEB_DIST: z.string().optional(),
  CALENDAR_CACHE_SECONDS: z.coerce.number().int().min(0).default(60),
  TRUST_PROXY: bool.default(false),
  METRICS_TOKEN: z.string().min(16).optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  SESSION_SECRET: z.string().min(32).default(DEV_SECRETS.SESSION_SECRET),
  DATA_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, { message: "must be 32 bytes, base64" })
    .default(DEV_SECRETS.DATA_ENCRYPTION_KEY),
  DEV_ADMIN_TOKEN: z.string().min(8).default(DEV_SECRETS.DEV_ADMIN_TOKEN),
  DEV_AUDITOR_TOKEN: z.string().min(8).default(DEV_SECRETS.DEV_AUDITOR_TOKEN),
  AUDIT_SEQUENCE_INTERVAL_MS: z.coerce.number().int().min(10).default(200),
  AUDIT_STH_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
});

export type Env = z.infer<typeof EnvSchema>;

export interface AppConfig {
  env: Env["NODE_ENV"];
  host: string;
  port: number;
  /** Set → node-postgres against that server; unset → embedded PGlite under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  bodyLimit: number;
  timeZone: string;
  logLevel: Env["LOG_LEVEL"];
  seedDemo: boolean;
  webDist: string;
  calendarCacheSeconds: number;
  trustProxy: boolean;
  /** Requests per minute per client IP on /api (0 = off). Per process: behind N nodes the limit is N×. */
  rateLimitPerMinute: number;
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  metricsToken?: string;
  secrets: { sessionSecret: string; dataEncryptionKey: string };
  /**
   * TEMPORARY (until the identity module lands): a bearer token that stands for a development platform
   * admin. Undefined in production, where the stub is switched off entirely.
   */
  devAdminToken?: string;
  /** TEMPORARY like devAdminToken: a development auditor (三员分立: reads the audit log, changes nothing). */
  devAuditorToken?: string;
  audit: { sequenceIntervalMs: number; sthIntervalSeconds: number };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

const repoRoot = path.resolve(import.meta.dirname, "../../../..");

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.NODE_ENV === "production") {
    const weak = (Object.keys(DEV_SECRETS) as (keyof typeof DEV_SECRETS)[]).filter(
      (k) => k !== "DEV_ADMIN_TOKEN" && k !== "DEV_AUDITOR_TOKEN" && e[k] === DEV_SECRETS[k],
    );
    if (weak.length > 0) {
      throw new ConfigError(weak.map((k) => `${k}: the development default must not be used in production`));
    }
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    bodyLimit: e.BODY_LIMIT,
    timeZone: e.TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO,
    webDist: path.resolve(e.WEB_DIST ?? path.join(repoRoot, "apps/web/dist")),
    calendarCacheSeconds: e.CALENDAR_CACHE_SECONDS,
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    secrets: { sessionSecret: e.SESSION_SECRET, dataEncryptionKey: e.DATA_ENCRYPTION_KEY },
    devAdminToken: e.NODE_ENV === "production" ? undefined : e.DEV_ADMIN_TOKEN,
    devAuditorToken: e.NODE_ENV === "production" ? undefined : e.DEV_AUDITOR_TOKEN,
    audit: { sequenceIntervalMs: e.AUDIT_SEQUENCE_INTERVAL_MS, sthIntervalSeconds: e.AUDIT_STH_INTERVAL_SECONDS },
  };
}
