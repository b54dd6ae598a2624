import fs from "node:fs";
import path from "node:path";
import { ERROR_CATALOG, ERROR_CODES } from "@yiwang/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test-support/app.js";
import { definedErrors } from "./errors.js";

/**
 * The server throws only what the catalog in @yiwang/contracts lists, with the catalog's status and
 * messages: every `defineErrors` section (loaded with the whole app) is a catalog section, no source file
 * defines codes of its own or builds an AppError from a literal code, and an answer carries the catalog's text.
 */

const SRC = path.resolve(import.meta.dirname, "..");
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

describe("the server's error codes are the catalog's", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("every code the app defines is in the catalog with the same status and messages, and every catalog code is defined", () => {
    const defined = definedErrors();
    expect(defined.size).toBeGreaterThan(150);
    const drift = [...defined].filter(
      ([code, d]) => JSON.stringify(d) !== JSON.stringify((ERROR_CATALOG as Record<string, unknown>)[code]),
    );
    expect(drift.map(([code]) => code)).toEqual([]);
    expect([...defined.keys()].sort()).toEqual([...ERROR_CODES].sort());
  });

  it("no source file defines codes inline or throws an AppError with a literal code", () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const text = fs.readFileSync(file, "utf8");
      const rel = path.relative(SRC, file);
      if (/defineErrors\(\s*\{/.test(text))
        offenders.push(`${rel}: defineErrors({…}) — put the codes in @yiwang/contracts`);
      if (/new AppError\(\s*["'`]/.test(text)) offenders.push(`${rel}: new AppError("…")`);
    }
    expect(offenders).toEqual([]);
  });

  it("an error answer carries the catalog's code, status and both messages", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/org/departments/00000000-0000-4000-8000-000000000000" });
    const body = res.json();
    expect(body.code).toBe("DEPARTMENT_NOT_FOUND");
    expect(res.statusCode).toBe(ERROR_CATALOG.DEPARTMENT_NOT_FOUND.status);
    expect([body.message, body.messageEn]).toEqual([
      ERROR_CATALOG.DEPARTMENT_NOT_FOUND.message,
      ERROR_CATALOG.DEPARTMENT_NOT_FOUND.messageEn,
    ]);
  });
});
