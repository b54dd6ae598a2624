/**
 * 四性检测 (DA/T 70-2018): the check engine. Each item has a stable code (packages/contracts
 * archives-vocabulary.ts) and answers pass, fail (with what failed) or skipped (does not apply). The same
 * engine runs at archiving, on receipt of a transfer and on the schedule; what differs is the context:
 * a package in the store has a recorded digest, catalogued metadata and an audit anchor to compare with, a
 * transfer has only itself. Pure apart from hashing and parsing: the caller reads the bytes and the anchors.
 */
import {
  type ArchiveCheckCode,
  type ArchiveCheckResult,
  ArchiveMetadata,
  RETENTION_CLASS_TERMS,
} from "@yiwang/contracts";
import { canonicalJson } from "../audit/index.js";
import type { ArchivedLicenseCheck, ArchivedLicenseFiles } from "../licenses/index.js";
import { type ParsedBag, parseBag, parseBagInfo, parseManifest, sha256Hex } from "./bagit.js";
import { inspectFile } from "./formats.js";
import { TarFormatError } from "./tar.js";

export interface CheckContext {
  /** The recorded SHA-256 of the whole tar (AU-01); undefined for a transfer not yet recorded. */
  packageSha256?: string;
  /** Whether the archiving record's audit entry matches (AU-02); undefined when there is none to check. */
  auditAnchor?: { verified: boolean; detail: string };
  /** The catalogued metadata to compare with the bag's data/metadata.json (AU-03). */
  metadata?: Record<string, unknown>;
  /** Missing sequence numbers in the package's fonds/year/class (IN-06); undefined = not applicable. */
  numberGaps?: number[];
  /**
   * The licenses module's signature check of an archived license (AU-04); undefined = not applicable
   * (a received transfer's licenses were sealed with another platform's keys, which this one cannot know).
   */
  verifyLicense?: (files: ArchivedLicenseFiles) => Promise<ArchivedLicenseCheck>;
}

const LICENSE_PDF = "data/licenses/license.pdf";
const LICENSE_VC = "data/licenses/license.vc.jwt";

const REQUIRED_TAGS = ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"];
const RETENTION_CODES = new Set<string>(RETENTION_CLASS_TERMS.map((t) => t.code));

class Report {
  readonly results = new Map<ArchiveCheckCode, ArchiveCheckResult>();
  set(code: ArchiveCheckCode, details: string[], skipped = false) {
    this.results.set(code, { code, outcome: skipped ? "skipped" : details.length ? "fail" : "pass", details });
  }
  list(): ArchiveCheckResult[] {
    const order: ArchiveCheckCode[] = [
      "AU-01",
      "AU-02",
      "AU-03",
      "AU-04",
      "IN-01",
      "IN-02",
      "IN-03",
      "IN-04",
      "IN-05",
      "IN-06",
      "US-01",
      "US-02",
      "SE-01",
      "SE-02",
    ];
    return order.map((c) => this.results.get(c) ?? { code: c, outcome: "skipped", details: [] });
  }
}

export function passed(results: readonly ArchiveCheckResult[]): boolean {
  return results.every((r) => r.outcome !== "fail");
}

/** Runs every item on a package's tar; never throws for what is inside it. */
export async function checkPackage(tar: Buffer | null, ctx: CheckContext): Promise<ArchiveCheckResult[]> {
  const report = new Report();
  if (tar === null) {
    report.set("AU-01", ["package bytes missing from the file store"]);
    report.set("IN-01", ["package bytes missing from the file store"]);
    return report.list();
  }
  if (ctx.packageSha256 !== undefined) {
    const actual = sha256Hex(tar);
    report.set(
      "AU-01",
      actual === ctx.packageSha256 ? [] : [`package sha256 ${actual} ≠ recorded ${ctx.packageSha256}`],
    );
  } else report.set("AU-01", [], true);
  if (ctx.auditAnchor) report.set("AU-02", ctx.auditAnchor.verified ? [] : [ctx.auditAnchor.detail]);
  else report.set("AU-02", [], true);

  let bag: ParsedBag;
  try {
    bag = parseBag(tar);
  } catch (err) {
    const why = err instanceof TarFormatError ? err.message : String(err);
    report.set("IN-01", [`not a readable tar: ${why}`]);
    return report.list();
  }
  checkStructure(bag, report);
  const metadata = checkMetadata(bag, report);
  if (ctx.metadata !== undefined) {
    const same = metadata !== null && canonicalJson(metadata) === canonicalJson(ctx.metadata);
    report.set("AU-03", same ? [] : ["catalogued metadata differs from data/metadata.json"]);
  } else report.set("AU-03", [], true);
  if (ctx.numberGaps !== undefined)
    report.set("IN-06", ctx.numberGaps.length ? [`missing numbers: ${ctx.numberGaps.slice(0, 20).join(", ")}`] : []);
  else report.set("IN-06", [], true);
  await checkLicense(bag, ctx, report);
  await checkFiles(bag, report);
  return report.list();
}

/** AU-04: the license's VC-JWT verifies with the issuing seal's key, the sealed PDF's signature verifies. */
async function checkLicense(bag: ParsedBag, ctx: CheckContext, report: Report) {
  const pdf = bag.files.get(LICENSE_PDF);
  const vc = bag.files.get(LICENSE_VC);
  if (!ctx.verifyLicense || (!pdf && !vc)) return report.set("AU-04", [], true);
  const r = await ctx.verifyLicense({ credential: vc?.toString("utf8"), pdf });
  const problems: string[] = [];
  if (r.credential) problems.push(`${LICENSE_VC}: ${r.credential}`);
  if (r.pdf) problems.push(`${LICENSE_PDF}: ${r.pdf}`);
  report.set("AU-04", problems);
}

function text(bag: ParsedBag, path: string): string | null {
  const b = bag.files.get(path);
  return b ? b.toString("utf8") : null;
}

function checkStructure(bag: ParsedBag, report: Report) {
  const structure: string[] = [];
  if (bag.name === null) structure.push("the tar does not hold exactly one top-level bag directory");
  for (const s of bag.strays) structure.push(`stray entry outside the bag: ${s}`);
  for (const t of REQUIRED_TAGS) if (!bag.files.has(t)) structure.push(`missing ${t}`);
  const declaration = text(bag, "bagit.txt");
  if (declaration !== null && !/^BagIt-Version: 1\.0\r?\nTag-File-Character-Encoding: UTF-8\r?\n?$/.test(declaration))
    structure.push("bagit.txt is not a BagIt 1.0 UTF-8 declaration");

  // IN-02: every payload file listed, every listed file present, every digest equal.
  const payload: string[] = [];
  const manifestText = text(bag, "manifest-sha256.txt");
  if (manifestText !== null) {
    const m = parseManifest(manifestText);
    for (const line of m.malformed) structure.push(`malformed manifest line: ${line}`);
    for (const [path, digest] of m.entries) {
      const bytes = bag.files.get(path);
      if (!path.startsWith("data/")) structure.push(`manifest lists a file outside data/: ${path}`);
      else if (!bytes) structure.push(`payload file missing: ${path}`);
      else if (sha256Hex(bytes) !== digest) payload.push(`digest mismatch: ${path}`);
    }
    for (const path of bag.files.keys())
      if (path.startsWith("data/") && !m.entries.has(path)) structure.push(`payload file not in manifest: ${path}`);
  }
  report.set("IN-01", structure);
  report.set("IN-02", payload, manifestText === null);

  const tagText = text(bag, "tagmanifest-sha256.txt");
  const tags: string[] = [];
  if (tagText !== null) {
    const m = parseManifest(tagText);
    for (const line of m.malformed) tags.push(`malformed tag manifest line: ${line}`);
    for (const [path, digest] of m.entries) {
      const bytes = bag.files.get(path);
      if (!bytes) tags.push(`tag file missing: ${path}`);
      else if (sha256Hex(bytes) !== digest) tags.push(`digest mismatch: ${path}`);
    }
  }
  report.set("IN-03", tags, tagText === null);

  const infoText = text(bag, "bag-info.txt");
  if (infoText !== null) {
    const oxum = parseBagInfo(infoText).get("Payload-Oxum");
    const data = [...bag.files.entries()].filter(([p]) => p.startsWith("data/"));
    const actual = `${data.reduce((n, [, b]) => n + b.length, 0)}.${data.length}`;
    report.set(
      "IN-04",
      oxum === undefined ? ["no Payload-Oxum"] : oxum === actual ? [] : [`Payload-Oxum ${oxum} ≠ ${actual}`],
    );
  } else report.set("IN-04", [], true);
}

/** IN-05: data/metadata.json present and of the schema, retention known, number/date/year consistent. */
function checkMetadata(bag: ParsedBag, report: Report): Record<string, unknown> | null {
  const raw = text(bag, "data/metadata.json");
  if (raw === null) {
    report.set("IN-05", ["data/metadata.json missing"]);
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    report.set("IN-05", ["data/metadata.json is not JSON"]);
    return null;
  }
  const problems: string[] = [];
  const parsed = ArchiveMetadata.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join(".") || "(root)"}: ${issue.message}`);
  } else {
    const m = parsed.data;
    if (!RETENTION_CODES.has(m.retention)) problems.push(`retention: unknown class ${m.retention}`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(m.date) || Number.isNaN(Date.parse(m.date))) problems.push("date: not YYYY-MM-DD");
    if (m.year < 1949 || m.year > 2999) problems.push("year: out of range");
    if (!m.archiveNo.startsWith(`${m.fonds}-${m.year}-`)) problems.push("archiveNo: does not start with fonds-year");
    if (!m.title.trim()) problems.push("title: empty");
    const payloadFiles = [...bag.files.keys()].filter((p) => p.startsWith("data/") && p !== "data/metadata.json");
    if (m.fileCount !== payloadFiles.length) problems.push(`fileCount: ${m.fileCount} ≠ ${payloadFiles.length}`);
  }
  report.set("IN-05", problems);
  return value as Record<string, unknown>;
}

/** US-01, US-02, SE-01, SE-02 over every payload file. */
async function checkFiles(bag: ParsedBag, report: Report) {
  const formats: string[] = [];
  const opens: string[] = [];
  const encrypted: string[] = [];
  const active: string[] = [];
  for (const [path, bytes] of bag.files) {
    if (!path.startsWith("data/")) continue;
    const r = await inspectFile(path, bytes);
    if (!r.allowed) formats.push(`${path}: ${r.format}`);
    if (r.opens === false) opens.push(`${path}: ${r.openError}`);
    if (r.encrypted) encrypted.push(path);
    if (r.active.length) active.push(`${path}: ${r.active.join(", ")}`);
  }
  report.set("US-01", formats);
  report.set("US-02", opens);
  report.set("SE-01", encrypted);
  report.set("SE-02", active);
}
