#!/usr/bin/env node
/**
 * Independent verifier of a 双随机 draw record (algorithm yiwang-draw-v2), written from the published document
 * docs/modules/supervision-draw.md only: it imports nothing of the server. Given the public draw record (GET
 * /api/supervision/draws/:id) — and optionally the commitment entry as read from the audit log by an auditor
 * (`{leafIndex, entry}`; otherwise the record's own `commitment`) — it
 *  1. recomputes the roster hash from the published rosters and parameters,
 *  2. checks that the audit entry's payload hash commits to that roster hash (rosters changed after the
 *     commitment are detected here),
 *  3. checks the beacon tree size (commitment leaf index + 2) and, with the RFC 9162 inclusion proof, that the
 *     seed is the root of a log tree of that size holding the commitment at its index,
 *  4. re-runs the draw from the seed: the targets exactly; the inspectors by replaying the stream (each team is
 *     what the algorithm picks when the candidates it skipped were recused — the record publishes no district
 *     or relationship, so only an auditor can check that they were),
 *  5. with the auditor's recusal file (GET /api/supervision/draws/:id/recusal: the salt and the inspectors'
 *     attributes), opens every inspector's recusal commitment and re-runs the whole draw with recusal.
 * Usage: node verify-draw.mjs record.json [entry.json] [--recusal=recusal.json]
 *   → prints {"ok":true} or the failures, exit 1.
 */
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";

const ALGORITHM = "yiwang-draw-v2";
const GRADES = ["A", "B", "C", "D"];

/** RFC 8785 for the values a record holds (strings, finite numbers, booleans, null, arrays, objects). */
function jcs(v) {
  if (v === null || typeof v === "boolean" || typeof v === "number") return JSON.stringify(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(jcs).join(",")}]`;
  const keys = Object.keys(v)
    .filter((k) => v[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`).join(",")}}`;
}
const sha256 = (s) => createHash("sha256").update(s, "utf8").digest("hex");

function stream(seedHex) {
  const key = Buffer.from(seedHex, "hex");
  let counter = 0;
  let block = Buffer.alloc(0);
  let at = 0;
  const word = () => {
    if (at + 4 > block.length) {
      const c = Buffer.alloc(4);
      c.writeUInt32BE(counter++);
      block = createHmac("sha256", key)
        .update(Buffer.concat([Buffer.from(ALGORITHM), Buffer.from([0]), c]))
        .digest();
      at = 0;
    }
    const w = block.readUInt32BE(at);
    at += 4;
    return w;
  };
  return (n) => {
    const limit = Math.floor(4294967296 / n) * n;
    for (;;) {
      const w = word();
      if (w < limit) return w % n;
    }
  };
}

/** §5: the drawn targets, in order (consumes the stream's first words). */
function pickTargets(below, params, targets) {
  const picked = [];
  for (const g of GRADES) {
    const q = params.quota[g];
    if (!q) continue;
    const pool = targets.filter((t) => t.riskGrade === g);
    const k = Math.min(pool.length, q.ratio !== undefined ? Math.ceil(q.ratio * pool.length) : q.count);
    for (let i = 0; i < k; i++) {
      const j = i + below(pool.length - i);
      const tmp = pool[i];
      pool[i] = pool[j];
      pool[j] = tmp;
      picked.push(pool[i]);
    }
  }
  return picked;
}

/** The whole draw from the inspectors' recusal attributes (an auditor's, or a test's, full roster). */
export function redraw(seed, params, targets, inspectors) {
  const below = stream(seed);
  const picked = pickTargets(below, params, targets);
  const out = [];
  for (const t of picked) {
    const team = {};
    for (const d of params.departments) {
      const list = inspectors.filter((i) => i.departmentId === d);
      const ok = (i) => i.district !== t.district && !i.relations.includes(t.uscc) && !i.lastYear.includes(t.uscc);
      if (list.filter(ok).length < params.inspectorsPerDept) throw new Error(`not enough inspectors for ${t.uscc}`);
      const chosen = [];
      const seen = new Set();
      while (chosen.length < params.inspectorsPerDept) {
        const n = below(list.length);
        if (seen.has(n) || !ok(list[n])) continue;
        seen.add(n);
        chosen.push(list[n].id);
      }
      team[d] = chosen;
    }
    out.push({ uscc: t.uscc, inspectors: team });
  }
  return { targets: out };
}

/**
 * From the public record alone: the same targets, and each team reached by the stream when a sampled candidate
 * is taken exactly when it is the team's next member (any other, not yet chosen, was skipped as recused).
 */
export function replay(seed, params, targets, inspectors, result) {
  const below = stream(seed);
  const picked = pickTargets(below, params, targets);
  if (jcs(picked.map((t) => t.uscc)) !== jcs(result.targets.map((t) => t.uscc)))
    return ["the drawn targets do not reproduce from the seed"];
  for (const drawn of result.targets)
    for (const d of params.departments) {
      const list = inspectors.filter((i) => i.departmentId === d);
      const team = drawn.inspectors[d] ?? [];
      if (team.length !== params.inspectorsPerDept || new Set(team).size !== team.length)
        return [`the team of ${drawn.uscc} in ${d} is not ${params.inspectorsPerDept} distinct inspectors`];
      if (!team.every((id) => list.some((i) => i.id === id)))
        return [`the team of ${drawn.uscc} in ${d} has an inspector of another department`];
      const seen = new Set();
      let next = 0;
      // Each member is reached with probability 1; the bound only stops a forged record from looping.
      for (let n = 0; next < team.length; n++) {
        if (n > 1_000_000) return [`the team of ${drawn.uscc} in ${d} does not reproduce from the seed`];
        const k = below(list.length);
        if (seen.has(k)) continue;
        if (list[k].id === team[next]) {
          seen.add(k);
          next++;
        } else if (team.includes(list[k].id))
          // A later member sampled now would have been taken now (it is not recused from this target).
          return [`the team of ${drawn.uscc} in ${d} does not reproduce from the seed`];
      }
    }
  return [];
}

/** §7: the auditor's recusal file opens every published commitment (and names no one else). */
export function opensCommitments(record, recusal) {
  if (recusal.drawId !== record.id) return ["the recusal file is for another draw"];
  const attrs = new Map(recusal.inspectors.map((i) => [i.id, i]));
  for (const i of record.inspectors) {
    const a = attrs.get(i.id);
    const opened =
      a &&
      sha256(jcs({ salt: recusal.salt, id: i.id, district: a.district, relations: a.relations, lastYear: a.lastYear }));
    if (opened !== i.recusal) return [`the recusal attributes of ${i.id} do not open its commitment`];
  }
  if (attrs.size !== record.inspectors.length) return ["the recusal file names inspectors not in the roster"];
  return [];
}

const sha = (...parts) => createHash("sha256").update(Buffer.concat(parts)).digest();

/** RFC 9162 §2.1.3.2: whether `proof` puts the leaf at `index` in a tree of `size` leaves with this root. */
export function inclusionHolds(leafBytes, index, size, proof, root) {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = sha(Buffer.from([0]), leafBytes);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = sha(Buffer.from([1]), p, r);
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else r = sha(Buffer.from([1]), r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/**
 * The checks; `entry` is the audit log's entry {leafIndex, entry: the leaf's JSON} (default: the record's);
 * `recusal`, an auditor's recusal file, adds the recusal check.
 */
export function verifyDraw(record, entry, recusal) {
  const failures = [];
  const own = record.commitment;
  if (!entry && !own) return { ok: false, failures: ["no commitment entry"] };
  entry ??= { leafIndex: own.leafIndex, entry: Buffer.from(own.leafInput, "base64").toString("utf8") };
  if (record.algorithm !== ALGORITHM) failures.push(`unknown algorithm ${record.algorithm}`);
  const hash = sha256(
    jcs({
      algorithm: ALGORITHM,
      params: record.params,
      targets: record.targets,
      inspectors: record.inspectors,
    }),
  );
  if (hash !== record.rosterHash) failures.push("roster hash does not match the published rosters");
  const leaf = typeof entry.entry === "string" ? JSON.parse(entry.entry) : entry.entry;
  const committed = sha256(jcs({ algorithm: ALGORITHM, drawId: record.id, rosterHash: hash }));
  if (leaf.type !== "supervision.draw.committed" || leaf.subject !== `supervision-draw:${record.id}`)
    failures.push("the audit entry is not this draw's commitment");
  if (leaf.payloadHash !== committed) failures.push("rosters differ from those committed in the audit log");
  if (record.beaconTreeSize !== entry.leafIndex + 2) failures.push("beacon tree size is not commitment index + 2");
  if (record.seed && own) {
    const leafBytes = Buffer.from(own.leafInput, "base64");
    const proof = own.inclusionProof.map((h) => Buffer.from(h, "base64"));
    const rootOk = inclusionHolds(
      leafBytes,
      own.leafIndex,
      record.beaconTreeSize,
      proof,
      Buffer.from(record.seed, "hex"),
    );
    if (!rootOk || own.leafIndex !== entry.leafIndex || leafBytes.toString("utf8") !== String(entry.entry))
      failures.push("the seed is not the audit root over the commitment");
  }
  if (record.seed && record.result)
    failures.push(...replay(record.seed, record.params, record.targets, record.inspectors, record.result));
  if (recusal) {
    const opened = opensCommitments(record, recusal);
    failures.push(...opened);
    if (opened.length === 0 && record.seed && record.result) {
      const attrs = new Map(recusal.inspectors.map((i) => [i.id, i]));
      const full = record.inspectors.map((i) => ({ ...i, ...attrs.get(i.id) }));
      try {
        const again = redraw(record.seed, record.params, record.targets, full);
        if (jcs(again) !== jcs(record.result)) failures.push("the draw with recusal does not reproduce from the seed");
      } catch (e) {
        failures.push(String(e.message));
      }
    }
  }
  return failures.length ? { ok: false, failures } : { ok: true };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const args = process.argv.slice(2);
  const recusalPath = args.find((a) => a.startsWith("--recusal="))?.slice("--recusal=".length);
  const [recordPath, entryPath] = args.filter((a) => !a.startsWith("--"));
  const read = (p) => JSON.parse(readFileSync(p, "utf8"));
  const verdict = verifyDraw(
    read(recordPath),
    entryPath ? read(entryPath) : undefined,
    recusalPath && read(recusalPath),
  );
  console.log(JSON.stringify(verdict));
  process.exitCode = verdict.ok ? 0 : 1;
}
