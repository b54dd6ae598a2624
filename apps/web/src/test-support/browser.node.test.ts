import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every browser test fails on a CSP violation only if its Chromium comes from `launchBrowser` (which watches
 * each context) and it imports ./browser.ts (whose hooks check after each test). A file that launches
 * Chromium itself would run unwatched: this keeps new files honest.
 */
describe("browser tests run watched for CSP violations", () => {
  const dir = path.resolve(import.meta.dirname, "..");
  const files = readdirSync(dir).filter((f) => f.endsWith(".browser.test.ts"));

  it("finds the browser test files", () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });

  it.each(files)("%s launches Chromium through launchBrowser", (file) => {
    const source = readFileSync(path.join(dir, file), "utf8");
    expect(source).toMatch(/import \{[^}]*\blaunchBrowser\b[^}]*\} from "\.\/test-support\/browser\.js"/);
    expect(source).toMatch(/await launchBrowser\((\[[^\]]*\])?\)/); // extra Chromium switches allowed
    expect(source).not.toMatch(/\bchromium\s*\.\s*(launch|connect|launchPersistentContext)\b/);
  });
});
