import { describe, expect, it } from "vitest";
import { ERROR_CATALOG, ERROR_CODE_SECTIONS, ERROR_CODES, type ErrorCode, errorMessage, isErrorCode } from "./index.js";

const CJK = /[\u3400-\u9fff]/;

describe("the error-code catalog", () => {
  it("defines each code in exactly one module section, and the catalog is their union", () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [section, codes] of Object.entries(ERROR_CODE_SECTIONS))
      for (const code of Object.keys(codes)) {
        if (seen.has(code)) twice.push(`${code} in ${seen.get(code)} and ${section}`);
        seen.set(code, section);
      }
    expect(twice).toEqual([]);
    expect(ERROR_CODES.sort()).toEqual([...seen.keys()].sort());
    expect(ERROR_CODES.length).toBeGreaterThan(150);
  });

  it("every code is UPPER_SNAKE, answers a 4xx/5xx status, and has a Chinese and an English message", () => {
    const bad: string[] = [];
    for (const code of ERROR_CODES) {
      const d = ERROR_CATALOG[code];
      if (!/^[A-Z][A-Z0-9_]*$/.test(code)) bad.push(`${code}: not UPPER_SNAKE`);
      if (!Number.isInteger(d.status) || d.status < 400 || d.status > 599) bad.push(`${code}: status ${d.status}`);
      if (!CJK.test(d.message)) bad.push(`${code}: message is not Chinese`);
      if (!d.messageEn.trim() || CJK.test(d.messageEn)) bad.push(`${code}: messageEn is not English`);
    }
    expect(bad).toEqual([]);
  });

  it("looks a message up by code and language; unknown codes are not in the union", () => {
    expect(errorMessage("DEPARTMENT_NOT_FOUND", "zh")).toBe("部门不存在");
    expect(errorMessage("DEPARTMENT_NOT_FOUND", "en")).toBe("Department not found");
    expect(errorMessage("NO_SUCH_CODE", "en")).toBeUndefined();
    expect(isErrorCode("FORBIDDEN")).toBe(true);
    expect(isErrorCode("toString")).toBe(false);
    // The union is what a client switches on; an exhaustive switch over a section type-checks.
    const status = (code: ErrorCode) => ERROR_CATALOG[code].status;
    expect(status("AUTH_REQUIRED")).toBe(401);
  });
});
