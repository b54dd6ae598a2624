import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkBoundaries, importSpecifiers, type SourceFile } from "./test-support/boundaries.js";

const ROOT = import.meta.dirname;

function sources(): SourceFile[] {
  return readdirSync(ROOT, { recursive: true, encoding: "utf8" })
    .filter((p) => p.endsWith(".ts") && !p.split(path.sep).includes("node_modules"))
    .map((p) => ({ path: p.split(path.sep).join("/"), text: readFileSync(path.join(ROOT, p), "utf8") }));
}

describe("module boundaries (ARCHITECTURE.md, issue 27)", () => {
  it("holds in apps/server/src: platform imports no module, modules meet only at index.ts", () => {
    const files = sources();
    // The walk really found the code (a wrong root would pass vacuously).
    expect(files.length).toBeGreaterThan(200);
    expect(files.some((f) => f.path === "modules/exchange/repository.ts")).toBe(true);
    expect(checkBoundaries(files).map((v) => v.message)).toEqual([]);
  });

  it("reports a module importing another module's internals, and the platform importing a module", () => {
    const files: SourceFile[] = [
      { path: "modules/licenses/index.ts", text: 'import type { CaseIssuance } from "../cases/issuance.js";' },
      { path: "modules/licenses/ok.ts", text: 'import { registerCasesModule } from "../cases/index.js";' },
      { path: "modules/licenses/own.ts", text: 'import { x } from "./issuance.service.js";' },
      {
        path: "modules/exchange/repo.ts",
        text: 'import {\n  a,\n  b,\n} from "../audit/repository.js";\nexport { c } from "../audit/entry.js";\ntype T = import("../notify/service.js").X;',
      },
      { path: "platform/context.ts", text: 'import type { AuditLog } from "../modules/audit/index.js";' },
      { path: "platform/calendar/x.ts", text: 'import "../../modules/audit/service.js";' },
      { path: "seed/index.ts", text: 'import { seedIdentity } from "../modules/identity/seed.js";' },
      { path: "main.ts", text: 'import { SigningKeyStore } from "./modules/identity/oidc/index.js";' },
      { path: "app.ts", text: 'import { registerAuditModule } from "./modules/audit/index.js";' },
      { path: "modules/cases/service.ts", text: 'import { withCitizen } from "../identity/testing.js";' },
      { path: "modules/cases/cases.test.ts", text: 'import { withCitizen } from "../identity/testing.js";' },
      { path: "modules/cases/other.test.ts", text: 'import { leafHash } from "../audit/merkle.js";' },
      { path: "modules/cases/pkg.ts", text: 'import { z } from "zod";' },
    ];
    const found = checkBoundaries(files).map((v) => `${v.rule} ${v.file} ${v.specifier}`);
    expect(found).toEqual([
      "module-internals modules/licenses/index.ts ../cases/issuance.js",
      "module-internals modules/exchange/repo.ts ../audit/repository.js",
      "module-internals modules/exchange/repo.ts ../audit/entry.js",
      "module-internals modules/exchange/repo.ts ../notify/service.js",
      "platform-imports-module platform/context.ts ../modules/audit/index.js",
      "platform-imports-module platform/calendar/x.ts ../../modules/audit/service.js",
      "module-internals seed/index.ts ../modules/identity/seed.js",
      "module-internals main.ts ./modules/identity/oidc/index.js",
      "test-helper-in-production modules/cases/service.ts ../identity/testing.js",
      "module-internals modules/cases/other.test.ts ../audit/merkle.js",
    ]);
  });

  it("reads every kind of specifier", () => {
    expect(
      importSpecifiers(
        'import a from "./a.js";\nimport type { B } from "./b.js";\nexport * from "./c.js";\nimport "./d.js";\nconst e = await import("./e.js");',
      ),
    ).toEqual(["./a.js", "./b.js", "./c.js", "./d.js", "./e.js"]);
  });
});
