import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = mkdtempSync(path.join(os.tmpdir(), "yiwang-poppler-"));

/** Runs Debian poppler-utils' `pdfsig` or `pdftotext` on PDF bytes; returns stdout and stderr together. */
export function poppler(tool: "pdfsig" | "pdftotext", bytes: Uint8Array, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  const r = spawnSync(tool, [file, ...(tool === "pdftotext" ? ["-"] : [])], { encoding: "utf8" });
  if (r.error) throw r.error;
  return `${r.stdout}\n${r.stderr}`;
}
