// Prints the one line CI looks for, "N passed, N failed", from Vitest's JSON report.
import fs from "node:fs";

const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  console.log("0 passed, 1 failed (no test report was written)");
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, "utf8"));
const failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
console.log(`${r.numPassedTests} passed, ${failed} failed`);
if (r.numPendingTests) console.log(`(${r.numPendingTests} skipped)`);
