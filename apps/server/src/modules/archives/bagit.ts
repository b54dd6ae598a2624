/**
 * BagIt 1.0 (RFC 8493) bags, serialised as a tar with one top-level directory named after the bag
 * (§4.2). Building: payload under data/, `bagit.txt`, `bag-info.txt` (with Payload-Oxum and Bagging-Date),
 * `manifest-sha256.txt` and `tagmanifest-sha256.txt` over the three other tag files. Parsing splits a
 * tar back into those parts for the checks (checks.ts), which judge them; nothing here decides validity.
 */
import { createHash } from "node:crypto";
import { readTar, type TarEntry, writeTar } from "./tar.js";

export const BAGIT_DECLARATION = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export interface PayloadFile {
  /** Path below data/, ASCII (the builder chooses these names). */
  path: string;
  bytes: Buffer;
}

function manifest(files: readonly { path: string; bytes: Buffer }[]): string {
  return files.map((f) => `${sha256Hex(f.bytes)}  ${f.path}\n`).join("");
}

/** One label per line; values on one line (newlines folded to spaces). */
function bagInfo(fields: readonly [string, string][]): string {
  return fields.map(([k, v]) => `${k}: ${v.replace(/\s*\n\s*/g, " ")}\n`).join("");
}

export interface BuiltBag {
  tar: Buffer;
  /** Every file of the bag, relative to the bag's directory, with size and SHA-256. */
  files: Record<string, { size: number; sha256: string }>;
}

export function buildBag(
  name: string,
  payload: readonly PayloadFile[],
  info: readonly [string, string][],
  baggingDate: string,
  mtimeSeconds: number,
): BuiltBag {
  const data = payload.map((f) => ({ path: `data/${f.path}`, bytes: f.bytes }));
  const octets = data.reduce((n, f) => n + f.bytes.length, 0);
  const tags = [
    { path: "bagit.txt", bytes: Buffer.from(BAGIT_DECLARATION, "utf8") },
    {
      path: "bag-info.txt",
      bytes: Buffer.from(
        bagInfo([...info, ["Bagging-Date", baggingDate], ["Payload-Oxum", `${octets}.${data.length}`]]),
        "utf8",
      ),
    },
    { path: "manifest-sha256.txt", bytes: Buffer.from(manifest(data), "utf8") },
  ];
  const tagmanifest = { path: "tagmanifest-sha256.txt", bytes: Buffer.from(manifest(tags), "utf8") };
  const all = [...tags, tagmanifest, ...data];
  const files: BuiltBag["files"] = {};
  for (const f of all) files[f.path] = { size: f.bytes.length, sha256: sha256Hex(f.bytes) };
  const entries: TarEntry[] = all.map((f) => ({ path: `${name}/${f.path}`, bytes: f.bytes }));
  return { tar: writeTar(entries, mtimeSeconds), files };
}

/** A bag split into its parts; what is missing or malformed is left for the checks to report. */
export interface ParsedBag {
  name: string | null;
  /** Every regular file, relative to the bag's directory. */
  files: Map<string, Buffer>;
  /** Files outside the single top-level directory (a well-formed serialisation has none). */
  strays: string[];
}

export function parseBag(tar: Buffer): ParsedBag {
  const entries = readTar(tar);
  const tops = new Set(entries.map((e) => e.path.split("/")[0]));
  const name = tops.size === 1 ? [...tops][0] : null;
  const files = new Map<string, Buffer>();
  const strays: string[] = [];
  for (const e of entries) {
    const slash = e.path.indexOf("/");
    if (name === null || slash === -1) strays.push(e.path);
    else files.set(e.path.slice(slash + 1), e.bytes);
  }
  return { name, files, strays };
}

/** `checksum  path` lines of a manifest → path → checksum; malformed lines are returned apart. */
export function parseManifest(text: string): { entries: Map<string, string>; malformed: string[] } {
  const entries = new Map<string, string>();
  const malformed: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const m = /^([0-9a-fA-F]{64})[ \t]+\*?(.+)$/.exec(line);
    if (!m) malformed.push(line);
    else entries.set(decodeURIComponent(m[2].replace(/%(?![0-9A-Fa-f]{2})/g, "%25")), m[1].toLowerCase());
  }
  return { entries, malformed };
}

/** bag-info.txt labels → values (continuation lines folded in). */
export function parseBagInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue;
    if (/^[ \t]/.test(line) && last) {
      out.set(last, `${out.get(last)} ${line.trim()}`);
      continue;
    }
    const i = line.indexOf(":");
    if (i <= 0) continue;
    last = line.slice(0, i).trim();
    out.set(last, line.slice(i + 1).trim());
  }
  return out;
}
