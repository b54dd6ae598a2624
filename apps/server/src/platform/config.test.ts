import { describe, expect, it } from "vitest";
import { ConfigError, DEV_SECRETS, loadConfig } from "./config.js";

const strong = {
  SESSION_SECRET: "s".repeat(48),
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  PII_INDEX_KEY: Buffer.alloc(32, 9).toString("base64"),
  SMS_SENDER: "http",
  SMS_HTTP_URL: "https://sms.example.gov.cn/send",
};

describe("configuration", () => {
  it("has working defaults for development", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: "development",
      port: 3000,
      timeZone: "Asia/Shanghai",
      bodyLimit: 1048576,
      seedDemo: true,
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.identity).toMatchObject({ cookieSecure: false, sessionIdleMinutes: 30, loginMaxFailures: 5 });
    expect(c.identity.sms.sender).toBe("dev");
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
      { DATA_ENCRYPTION_KEY: "short" },
      { SESSION_SECRET: "short" },
      { SEED_DEMO: "maybe" },
    ];
    for (const env of bad) expect(() => loadConfig(env), JSON.stringify(env)).toThrow(ConfigError);
    expect(
      loadConfig({ DATABASE_URL: "postgres://u@h:5432/db", TIME_ZONE: "Asia/Urumqi", SEED_DEMO: "false" }),
    ).toMatchObject({
      databaseUrl: "postgres://u@h:5432/db",
      timeZone: "Asia/Urumqi",
      seedDemo: false,
    });
  });
});
