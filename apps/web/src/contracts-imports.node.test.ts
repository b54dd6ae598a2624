import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The web app takes only types from `@yiwang/contracts` and `zod` (values come from the zod-free
 * `@yiwang/contracts/vocabularies`). Bundling zod would cost size and run its `new Function` probe, which the
 * CSP (script-src 'self', no 'unsafe-eval') refuses and every browser test reports as a violation; the verify
 * page once pulled it in for one list of codes.
 */
const SRC = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.ts$/.test(e.name) && !full.includes("test-support") ? [full] : [];
  });
}

/** Names a statement brings in at run time from the module (an empty list when it is type-only). */
function runtimeNames(statement: string): string[] {
  if (/^(import|export)\s+type\b/.test(statement)) return [];
  const braces = /\{([^}]*)\}/.exec(statement);
  if (!braces) return [statement]; // default, namespace or side-effect import
  return braces[1]!
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith("type "));
}

describe("the web app's imports of the contracts", () => {
  const files = sources(SRC);
  const statement = /(?:^|\n)\s*((?:import|export)\b[^;]*?from\s*"(@yiwang\/contracts|zod)")/g;

  it("finds the web sources", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it("takes only types from @yiwang/contracts and zod", () => {
    const found = files.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(statement)].flatMap((m) =>
        runtimeNames(m[1]!).map((name) => `${path.relative(SRC, file)}: ${name} from ${m[2]}`),
      ),
    );
    expect(found).toEqual([]);
  });

  it("would see a value imported from the root", () => {
    expect(runtimeNames('import { PDF_SIGNATURE_REASONS, type VerifyResult } from "@yiwang/contracts"')).toEqual([
      "PDF_SIGNATURE_REASONS",
    ]);
    expect(runtimeNames('import type { VerifyResult } from "@yiwang/contracts"')).toEqual([]);
  });
});
