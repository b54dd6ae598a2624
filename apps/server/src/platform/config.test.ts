import { describe, expect, it } from "vitest";
import { ConfigError, DEV_SECRETS, loadConfig } from "./config.js";

const strong = {
  SESSION_SECRET: "s".repeat(48),
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  PII_INDEX_KEY: Buffer.alloc(32, 9).toString("base64"),
  SMS_SENDER: "http",
  SMS_HTTP_URL: "https://sms.example.gov.cn/send",
  METRICS_TOKEN: "m".repeat(32),
  PAYMENT_CALLBACK_SECRET: "p".repeat(40),
};

describe("configuration", () => {
  it("has working defaults for development", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: "development",
      port: 3000,
      timeZone: "Asia/Shanghai",
      bodyLimit: 1048576,
      databasePoolSize: 10,
      seedDemo: true,
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.identity).toMatchObject({ cookieSecure: false, sessionIdleMinutes: 30, loginMaxFailures: 5 });
    expect(c.identity.sms.sender).toBe("dev");
  });

  it("derives PUBLIC_URL's default from PORT (QR codes and issuers follow a changed port)", () => {
    expect(loadConfig({}).publicUrl).toBe("http://localhost:3000");
    expect(loadConfig({ PORT: "8080" }).publicUrl).toBe("http://localhost:8080");
    // An explicit PUBLIC_URL wins (behind a proxy the public port is not the listen port).
    expect(loadConfig({ PORT: "8080", PUBLIC_URL: "https://yiwang.example.gov.cn/" }).publicUrl).toBe(
      "https://yiwang.example.gov.cn",
    );
  });

  it("refuses to start in production with default secrets, naming each", () => {
    try {
      loadConfig({ NODE_ENV: "production" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.join("\n")).toMatch(
        /SESSION_SECRET[\s\S]*DATA_ENCRYPTION_KEY[\s\S]*PII_INDEX_KEY[\s\S]*SMS_SENDER/,
      );
    }
    expect(() => loadConfig({ NODE_ENV: "production", ...strong, SESSION_SECRET: DEV_SECRETS.SESSION_SECRET })).toThrow(
      ConfigError,
    );
  });

  it("refuses production without a metrics token (/metrics is not public there)", () => {
    expect(() => loadConfig({ NODE_ENV: "production", ...strong, METRICS_TOKEN: undefined })).toThrow(/METRICS_TOKEN/);
    // Whoever knows the development callback secret could sign a "paid" notice for any order.
    expect(() => loadConfig({ NODE_ENV: "production", ...strong, PAYMENT_CALLBACK_SECRET: undefined })).toThrow(
      /PAYMENT_CALLBACK_SECRET/,
    );
  });

  it("starts in production with real secrets, with secure cookies", () => {
    const c = loadConfig({ NODE_ENV: "production", ...strong });
    expect(c.env).toBe("production");
    expect(c.identity.cookieSecure).toBe(true);
    expect(() => loadConfig({ ...strong, SMS_HTTP_URL: undefined })).toThrow(/SMS_HTTP_URL/);
  });

  it("accepts retired encryption keys for rotation", () => {
    const old = Buffer.alloc(32, 1).toString("base64");
    expect(loadConfig({ DATA_ENCRYPTION_PREVIOUS_KEYS: ` ${old} ,` }).secrets.previousDataEncryptionKeys).toEqual([
      old,
    ]);
    expect(() => loadConfig({ DATA_ENCRYPTION_PREVIOUS_KEYS: "short" })).toThrow(ConfigError);
  });

  it("validates values", () => {
    const bad = [
      { PORT: "70000" },
      { PORT: "abc" },
      { DATABASE_URL: "mysql://x" },
      { TIME_ZONE: "Mars/Olympus" },
      { BODY_LIMIT: "10" },
      { DATABASE_POOL_SIZE: "1" },
      { DATABASE_POOL_SIZE: "ten" },
      { JOBS_CONCURRENCY: "0" },
      { JOBS_CONCURRENCY: "65" },
      { JOBS_CONCURRENCY: "10" }, // not below the default pool of 10
      { JOBS_CONCURRENCY: "8", DATABASE_POOL_SIZE: "8" },
      { DATA_ENCRYPTION_KEY: "short" },
      { SESSION_SECRET: "short" },
      { SEED_DEMO: "maybe" },
    ];
    for (const env of bad) expect(() => loadConfig(env), JSON.stringify(env)).toThrow(ConfigError);
    expect(
      loadConfig({
        DATABASE_URL: "postgres://u@h:5432/db",
        DATABASE_POOL_SIZE: "24",
        JOBS_CONCURRENCY: "12",
        TIME_ZONE: "Asia/Urumqi",
        SEED_DEMO: "false",
      }),
    ).toMatchObject({
      databaseUrl: "postgres://u@h:5432/db",
      databasePoolSize: 24,
      jobs: { concurrency: 12 },
      timeZone: "Asia/Urumqi",
      seedDemo: false,
    });
  });

  it("chooses the crypto suite: international by default, national on request, nothing else", () => {
    expect(loadConfig({}).cryptoSuite).toBe("international");
    expect(loadConfig({ CRYPTO_SUITE: "national" }).cryptoSuite).toBe("national");
    for (const CRYPTO_SUITE of ["sm", "National", "gm", ""])
      expect(() => loadConfig({ CRYPTO_SUITE }), CRYPTO_SUITE).toThrow(/CRYPTO_SUITE/);
  });

  it("configures the password policy and staff password expiry, within level 3's bounds", () => {
    expect(loadConfig({}).identity).toMatchObject({
      passwordPolicy: { minLength: 8, minClasses: 3 },
      staffPassword: { maxAgeDays: 90, warnDays: 14 },
    });
    expect(
      loadConfig({
        PASSWORD_MIN_LENGTH: "12",
        PASSWORD_MIN_CLASSES: "4",
        STAFF_PASSWORD_MAX_AGE_DAYS: "0",
        STAFF_PASSWORD_WARN_DAYS: "30",
      }).identity,
    ).toMatchObject({
      passwordPolicy: { minLength: 12, minClasses: 4 },
      staffPassword: { maxAgeDays: 0, warnDays: 30 },
    });
    const bad: [Record<string, string>, RegExp][] = [
      [{ PASSWORD_MIN_LENGTH: "7" }, /PASSWORD_MIN_LENGTH/],
      [{ PASSWORD_MIN_LENGTH: "65" }, /PASSWORD_MIN_LENGTH/],
      [{ PASSWORD_MIN_LENGTH: "8.5" }, /PASSWORD_MIN_LENGTH/],
      [{ PASSWORD_MIN_CLASSES: "1" }, /PASSWORD_MIN_CLASSES/],
      [{ PASSWORD_MIN_CLASSES: "5" }, /PASSWORD_MIN_CLASSES/],
      [{ STAFF_PASSWORD_MAX_AGE_DAYS: "-1" }, /STAFF_PASSWORD_MAX_AGE_DAYS/],
      [{ STAFF_PASSWORD_MAX_AGE_DAYS: "ninety" }, /STAFF_PASSWORD_MAX_AGE_DAYS/],
      [{ STAFF_PASSWORD_WARN_DAYS: "-1" }, /STAFF_PASSWORD_WARN_DAYS/],
      [{ STAFF_PASSWORD_MAX_AGE_DAYS: "14", STAFF_PASSWORD_WARN_DAYS: "14" }, /STAFF_PASSWORD_WARN_DAYS/],
    ];
    for (const [env, message] of bad) expect(() => loadConfig(env), JSON.stringify(env)).toThrow(message);
  });

  it("shifts the clock outside production only", () => {
    expect(loadConfig({}).clockOffsetSeconds).toBe(0);
    expect(loadConfig({ CLOCK_OFFSET_SECONDS: "86400" }).clockOffsetSeconds).toBe(86400);
    expect(loadConfig({ CLOCK_OFFSET_SECONDS: "-60" }).clockOffsetSeconds).toBe(-60);
    expect(() => loadConfig({ CLOCK_OFFSET_SECONDS: "1.5" })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production", ...strong, CLOCK_OFFSET_SECONDS: "3600" })).toThrow(
      /CLOCK_OFFSET_SECONDS/,
    );
    expect(loadConfig({ NODE_ENV: "production", ...strong, CLOCK_OFFSET_SECONDS: "0" }).clockOffsetSeconds).toBe(0);
  });

  it("configures jobs and the file store", () => {
    const c = loadConfig({ DATA_DIR: "/srv/yiwang" });
    expect(c.jobs.pollMs).toBe(1000);
    expect(c.files).toEqual({ store: "local", dir: "/srv/yiwang/files", s3: undefined, materialMaxBytes: 20971520 });
    expect(loadConfig({ FILES_DIR: "/mnt/blobs", MATERIAL_MAX_BYTES: "1000" }).files).toMatchObject({
      dir: "/mnt/blobs",
      materialMaxBytes: 1000,
    });
    const s3 = loadConfig({
      FILE_STORE: "s3",
      S3_ENDPOINT: "http://minio.local:9000",
      S3_BUCKET: "yiwang",
      S3_ACCESS_KEY_ID: "AKIA",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_FORCE_PATH_STYLE: "true",
    });
    expect(s3.files.store).toBe("s3");
    expect(s3.files.s3).toEqual({
      endpoint: "http://minio.local:9000",
      region: "us-east-1",
      bucket: "yiwang",
      accessKeyId: "AKIA",
      secretAccessKey: "secret",
      forcePathStyle: true,
    });
    expect(() => loadConfig({ FILE_STORE: "s3" })).toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ FILE_STORE: "s3", S3_BUCKET: "b", S3_ACCESS_KEY_ID: "x" })).toThrow(/set both/);
    expect(() => loadConfig({ FILE_STORE: "ftp" })).toThrow(ConfigError);
    expect(() => loadConfig({ JOBS_POLL_MS: "0" })).toThrow(ConfigError);
  });
});
