/**
 * The published draw algorithm, `yiwang-draw-v1` (docs/modules/supervision-draw.md is its normative text; an
 * independent re-implementation, test-support/verify-draw.mjs, shares no code with this file). Pure: rosters,
 * parameters and a seed in, the drawn targets and their inspectors out.
 *
 * Randomness: HMAC-SHA256(seed, "yiwang-draw-v1" ‖ 0x00 ‖ uint32be(counter)) blocks, read as big-endian uint32
 * words; an integer below n is a word below floor(2^32 / n)·n taken modulo n (rejection sampling: unbiased).
 */
import { createHash, hash } from "node:crypto";
import canonicalize from "canonicalize";

/** v2: the published inspector roster carries salted commitments instead of districts and relationships. */
export const DRAW_ALGORITHM = "yiwang-draw-v2";
export const RISK_GRADES = ["A", "B", "C", "D"] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

export interface RosterTarget {
  uscc: string;
  name: string;
  industry: string;
  district: string;
  riskGrade: RiskGrade;
}

export interface RosterInspector {
  id: string;
  certificateNo: string;
  departmentId: string;
  district: string;
  /** Enterprises the inspector has a relationship with. */
  relations: string[];
  /** Enterprises the inspector inspected in the year before the commitment. */
  lastYear: string[];
}

/**
 * An inspector as the public draw record shows them: no district of residence, no relationships, no past
 * visits (personal data of a natural person). `recusal` commits to them: SHA-256 of JCS({salt, id, district,
 * relations, lastYear}) with the draw's secret salt, which only auditors are given (GET …/draws/{id}/recusal).
 */
export interface PublicInspector {
  id: string;
  certificateNo: string;
  departmentId: string;
  recusal: string;
}

export type Quota = { ratio: number } | { count: number };

export interface DrawParams {
  planId: string;
  /** Participating departments, sorted. */
  departments: string[];
  /** Per risk grade; a grade without a quota is not drawn. */
  quota: Partial<Record<RiskGrade, Quota>>;
  inspectorsPerDept: number;
}

export interface DrawnTarget {
  uscc: string;
  /** Department id → inspector ids in draw order. */
  inspectors: Record<string, string[]>;
}

export interface DrawResult {
  targets: DrawnTarget[];
}

/** RFC 8785 canonical JSON, as the audit log uses. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("not representable as JSON");
  return text;
}

export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The salted commitment to an inspector's recusal attributes (the roster must be canonical). */
export function recusalCommitment(i: RosterInspector, saltHex: string): string {
  return sha256Hex(
    canonicalJson({ salt: saltHex, id: i.id, district: i.district, relations: i.relations, lastYear: i.lastYear }),
  );
}

/** The inspector roster as published (same order). */
export function publicInspectors(inspectors: readonly RosterInspector[], saltHex: string): PublicInspector[] {
  return inspectors.map((i) => ({
    id: i.id,
    certificateNo: i.certificateNo,
    departmentId: i.departmentId,
    recusal: recusalCommitment(i, saltHex),
  }));
}

/**
 * The roster hash committed before the seed exists: SHA-256 of the canonical JSON of the published rosters
 * (the recusal commitments bind the inspectors' private attributes too).
 */
export function rosterHash(input: {
  params: DrawParams;
  targets: RosterTarget[];
  inspectors: PublicInspector[];
}): string {
  return sha256Hex(canonicalJson({ algorithm: DRAW_ALGORITHM, ...input }));
}

/** Canonical order: targets by USCC, inspectors by certificate number (code-unit order), lists sorted. */
export function canonicalRosters(targets: RosterTarget[], inspectors: RosterInspector[]) {
  const byKey =
    <T>(key: (x: T) => string) =>
    (a: T, b: T) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  return {
    targets: [...targets].sort(byKey((t) => t.uscc)),
    inspectors: [...inspectors]
      .map((i) => ({ ...i, relations: [...i.relations].sort(), lastYear: [...i.lastYear].sort() }))
      .sort(byKey((i) => i.certificateNo)),
  };
}

/**
 * The counter-mode stream: unbiased integers below n. HMAC-SHA256 is computed from its definition (RFC 2104:
 * H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m))) with one-shot hashes: the same bytes as createHmac, about ten times
 * faster for these 37-byte messages (bench/supervision.ts).
 */
export class DrawStream {
  #inner: Buffer;
  #outer: Buffer;
  #message: Buffer;
  #counter = 0;
  #block = Buffer.alloc(0);
  #offset = 0;
  constructor(seedHex: string) {
    let key = Buffer.from(seedHex, "hex");
    if (key.length > 64) key = createHash("sha256").update(key).digest();
    const padded = Buffer.alloc(64);
    key.copy(padded);
    this.#inner = Buffer.from(padded.map((b) => b ^ 0x36));
    this.#outer = Buffer.from(padded.map((b) => b ^ 0x5c));
    const domain = Buffer.from(DRAW_ALGORITHM, "ascii");
    // ipad key ‖ domain ‖ 0x00 ‖ counter (4 bytes, written per block)
    this.#message = Buffer.concat([this.#inner, domain, Buffer.from([0]), Buffer.alloc(4)]);
  }
  #word(): number {
    if (this.#offset + 4 > this.#block.length) {
      this.#message.writeUInt32BE(this.#counter++, this.#message.length - 4);
      const inner = hash("sha256", this.#message, "buffer");
      this.#block = hash("sha256", Buffer.concat([this.#outer, inner]), "buffer");
      this.#offset = 0;
    }
    const w = this.#block.readUInt32BE(this.#offset);
    this.#offset += 4;
    return w;
  }
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`bad range ${n}`);
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const w = this.#word();
      if (w < limit) return w % n;
    }
  }
}

/** How many of n targets a quota draws. */
export function quotaCount(q: Quota, n: number): number {
  return "ratio" in q ? Math.min(n, Math.ceil(q.ratio * n)) : Math.min(n, q.count);
}

export class NotEnoughInspectors extends Error {
  constructor(
    readonly uscc: string,
    readonly departmentId: string,
    readonly eligible: number,
  ) {
    super(`target ${uscc}: ${eligible} eligible inspectors of ${departmentId}`);
  }
}

/** Whether an inspector must stay away from a target (回避): same district, a relationship, last year's. */
export function recused(i: RosterInspector, t: RosterTarget): boolean {
  return i.district === t.district || i.relations.includes(t.uscc) || i.lastYear.includes(t.uscc);
}

/**
 * The draw. Rosters must be canonical (canonicalRosters). Grades A..D in order: a partial Fisher–Yates
 * shuffle of the grade's targets picks its quota. Then for each picked target in order and each department
 * in order: draw indices into the department's inspectors until `inspectorsPerDept` distinct, non-recused
 * ones are accepted (refused in advance when fewer are eligible).
 */
export function runDraw(
  seedHex: string,
  params: DrawParams,
  targets: readonly RosterTarget[],
  inspectors: readonly RosterInspector[],
): DrawResult {
  const stream = new DrawStream(seedHex);
  const picked: RosterTarget[] = [];
  for (const grade of RISK_GRADES) {
    const q = params.quota[grade];
    if (!q) continue;
    const pool = targets.filter((t) => t.riskGrade === grade);
    const k = quotaCount(q, pool.length);
    for (let i = 0; i < k; i++) {
      const j = i + stream.below(pool.length - i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
      picked.push(pool[i]);
    }
  }
  const byDept = new Map<string, RosterInspector[]>(params.departments.map((d) => [d, []]));
  for (const i of inspectors) byDept.get(i.departmentId)?.push(i);
  // Recusal sets per department: by district, and by related/last-year enterprise (indexes, not scans).
  const index = new Map<string, { byDistrict: Map<string, number>; byUscc: Map<string, Set<number>> }>();
  for (const [d, list] of byDept) {
    const byDistrict = new Map<string, number>();
    const byUscc = new Map<string, Set<number>>();
    list.forEach((i, n) => {
      byDistrict.set(i.district, (byDistrict.get(i.district) ?? 0) + 1);
      for (const u of [...i.relations, ...i.lastYear]) {
        const s = byUscc.get(u) ?? new Set<number>();
        byUscc.set(u, s);
        s.add(n);
      }
    });
    index.set(d, { byDistrict, byUscc });
  }
  const result: DrawnTarget[] = [];
  for (const t of picked) {
    const drawn: Record<string, string[]> = {};
    for (const d of params.departments) {
      const list = byDept.get(d) ?? [];
      const ix = index.get(d);
      let blocked = ix?.byDistrict.get(t.district) ?? 0;
      for (const n of ix?.byUscc.get(t.uscc) ?? []) if (list[n].district !== t.district) blocked++;
      const eligible = list.length - blocked;
      if (eligible < params.inspectorsPerDept) throw new NotEnoughInspectors(t.uscc, d, eligible);
      const chosen: string[] = [];
      const taken = new Set<number>();
      while (chosen.length < params.inspectorsPerDept) {
        const n = stream.below(list.length);
        if (taken.has(n) || recused(list[n], t)) continue;
        taken.add(n);
        chosen.push(list[n].id);
      }
      drawn[d] = chosen;
    }
    result.push({ uscc: t.uscc, inspectors: drawn });
  }
  return { targets: result };
}
