/**
 * The module boundaries as a check (issue 27), run by src/architecture.test.ts over every .ts file of the
 * server. Pure: it gets the files' paths and texts, so a test can hand it a synthetic violation and see
 * it reported — a checker that never fails proves nothing.
 *
 * Rules (paths relative to apps/server/src):
 *  1. `platform/**` imports nothing under `modules/` (ports such as the audit log are interfaces in
 *     `platform/ports.ts`; modules implement them and app.ts wires them).
 *  2. Anything outside `modules/X` — another module, app.ts, main.ts, seed/, test-support/ — imports from
 *     `modules/X` only `modules/X/index.ts`.
 *  3. The one exception is a module's test helpers (`<module>/testing.ts`, `<module>/<sub>/testing.ts`): the test
 *     surface a module offers other modules' tests (a citizen with a verified real name, an OIDC client).
 *     Only tests and other test helpers may import them, so production code never reaches them.
 * Tests are held to rules 1–2 like everything else: a test that needs another module's internals is
 * testing that module and belongs beside it.
 */
import path from "node:path";
import ts from "typescript";

export interface SourceFile {
  /** Path relative to the source root, with forward slashes: "modules/exchange/repository.ts". */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  specifier: string;
  rule: "platform-imports-module" | "module-internals" | "test-helper-in-production";
  message: string;
}

const isTest = (p: string) => p.endsWith(".test.ts");
export const isTestHelper = (p: string) => /^modules\/.+\/testing\.ts$/.test(p);
const moduleOf = (p: string) => /^modules\/([^/]+)\//.exec(p)?.[1];

/** Every module specifier a file names: import/export … from, `import "x"`, `import("x")`, `require`. */
export function importSpecifiers(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** The target of a relative specifier as a source path (`./x.js` → `x.ts`), or null for a package. */
export function resolveSpecifier(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return joined.replace(/\.js$/, ".ts");
}

export function checkBoundaries(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    const from = file.path;
    const fromModule = moduleOf(from);
    for (const specifier of importSpecifiers(file.text)) {
      const target = resolveSpecifier(from, specifier);
      if (!target) continue;
      const targetModule = moduleOf(target);
      if (!targetModule) continue;
      if (from.startsWith("platform/")) {
        out.push({
          file: from,
          specifier,
          rule: "platform-imports-module",
          message: `${from} imports ${target}: the platform imports no module (put the port in platform/ports.ts)`,
        });
        continue;
      }
      if (targetModule === fromModule) continue;
      if (isTestHelper(target)) {
        if (!isTest(from) && !isTestHelper(from) && !from.startsWith("test-support/")) {
          out.push({
            file: from,
            specifier,
            rule: "test-helper-in-production",
            message: `${from} imports the test helper ${target}`,
          });
        }
        continue;
      }
      if (target !== `modules/${targetModule}/index.ts`) {
        out.push({
          file: from,
          specifier,
          rule: "module-internals",
          message: `${from} imports ${target}: use modules/${targetModule}/index.ts`,
        });
      }
    }
  }
  return out;
}
