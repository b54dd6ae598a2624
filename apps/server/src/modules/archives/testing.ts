/**
 * Archives test helpers: BagIt validation by validators that share no code with the builder — the
 * project's own Python one (test-support/bagit/validate_bag.py, always) and the Library of Congress's
 * bagit-python when it is installed (BAGIT_PY or an importable `bagit`) — a delivered case, and tampering
 * with a stored package's bytes.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CaseDetail } from "@yiwang/contracts";
import { expect } from "vitest";
import type { LocalBlobStore } from "../../platform/files/index.js";
import type { TestApp } from "../../test-support/app.js";
import type { Headers } from "../../test-support/identity.js";
import { act, fileCase } from "../cases/testing.js";

const VALIDATOR = path.resolve(import.meta.dirname, "../../test-support/bagit/validate_bag.py");

export interface BagVerdict {
  valid: boolean;
  errors: string[];
  /** The Library of Congress validator's verdict, or null when it is not installed here. */
  loc: { valid: boolean; output: string } | null;
}

function locCommand(): string[] | null {
  if (process.env.BAGIT_PY) return ["python3", process.env.BAGIT_PY];
  const probe = spawnSync("python3", ["-c", "import bagit"], { encoding: "utf8" });
  return probe.status === 0 ? ["python3", "-m", "bagit"] : null;
}

export const LOC_BAGIT = locCommand();

/** Validates a serialised bag (a tar) with the independent validators. */
export function validateBag(tar: Buffer): BagVerdict {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bag-"));
  try {
    const file = path.join(dir, "bag.tar");
    fs.writeFileSync(file, tar);
    const r = spawnSync("python3", [VALIDATOR, file], { encoding: "utf8" });
    const ours = JSON.parse(r.stdout || '{"valid":false,"errors":["validator printed nothing"]}') as {
      valid: boolean;
      errors: string[];
    };
    let loc: BagVerdict["loc"] = null;
    if (LOC_BAGIT) {
      const out = path.join(dir, "x");
      fs.mkdirSync(out);
      execFileSync("python3", [
        "-c",
        "import sys,tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2], filter='data')",
        file,
        out,
      ]);
      const bag = path.join(out, fs.readdirSync(out)[0]);
      const [cmd, ...args] = LOC_BAGIT;
      const v = spawnSync(cmd, [...args, "--validate", bag], { encoding: "utf8" });
      loc = { valid: v.status === 0, output: `${v.stdout}${v.stderr}`.trim() };
    }
    return { ...ours, loc };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function runJobs(t: TestApp) {
  while ((await t.app.platform.jobs.runDue(50)) > 0);
}

/** 食品经营许可（新办）: five required materials, a license on approval. */
export const FOOD_LICENSE = "990100-XK-001";

/** Files, accepts, passes, approves and delivers a case; runs the outbox (which archives it). */
export async function deliveredCase(
  t: TestApp,
  applicant: Headers,
  staff: { clerk: Headers; approver: Headers },
  itemCode = FOOD_LICENSE,
): Promise<CaseDetail> {
  let c = await fileCase(t, applicant, itemCode);
  for (const [who, command, body] of [
    [staff.clerk, "accept", {}],
    [staff.approver, "pass", {}],
    [staff.approver, "approve", {}],
    [staff.clerk, "deliver", { method: "online" }],
  ] as const) {
    const res = await act(t, who, c, command, body);
    expect(res.statusCode, `${command}: ${res.body}`).toBe(200);
    c = res.json();
  }
  await runJobs(t);
  return c;
}

/** The package row of a case (through the database: the test looks at what was stored). */
export async function packageOf(t: TestApp, caseId: string) {
  return t.database.db
    .selectFrom("archive_packages")
    .selectAll()
    .where("case_id", "=", caseId)
    .executeTakeFirstOrThrow();
}

/** The stored tar's bytes, straight from the blob store. */
export function packageBytes(t: TestApp, sha256: string): Promise<Buffer> {
  return t.app.platform.files.blobs.get(sha256);
}

/** Overwrites the stored tar's bytes in place (the local blob store), as an intruder on the disk would. */
export function overwritePackage(t: TestApp, sha256: string, bytes: Buffer) {
  fs.writeFileSync((t.app.platform.files.blobs as LocalBlobStore).pathOf(sha256), bytes);
}
