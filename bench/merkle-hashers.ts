/**
 * npx tsx bench/merkle-hashers.ts [leaves] — the figures behind the server's choice of SHA-256 for
 * @yiwang/merkle (apps/server/src/modules/audit/merkle.ts): audit-entry-sized leaves hashed with
 * node:crypto directly, through the package's synchronous driver, and with WebCrypto awaited one at a time
 * and 1,000 in flight; then a whole log folded into a compact range (verifyLog's work) both ways.
 */
import { createHash } from "node:crypto";
import { merkle, merkleWith } from "@yiwang/merkle";

const n = Number(process.argv[2] ?? 100_000);
const entries = Array.from({ length: n }, (_, i) =>
  Buffer.from(
    JSON.stringify({
      actingFor: null,
      actor: `staff:${i}`,
      payloadHash: "ab".repeat(32),
      subject: `department:${crypto.randomUUID()}`,
      time: new Date().toISOString(),
      type: "org.department.created",
      v: 1,
    }),
  ),
);
const nodeSha256 = (parts: readonly Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};
const sync = merkleWith(nodeSha256);

/** Per wall-clock second and per CPU second (all threads): on a shared machine the second is steadier. */
async function rate(name: string, run: () => unknown) {
  const t = performance.now();
  const cpu = process.cpuUsage();
  await run();
  const wall = (performance.now() - t) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  const per = (s: number) =>
    Math.round(n / s)
      .toLocaleString("en")
      .padStart(9);
  console.log(`${name.padEnd(48)} ${per(wall)} leaves/s wall ${per((user + system) / 1e6)} leaves/CPU-s`);
}

console.log(`${n} leaves of ~${entries[0].length} bytes, Node ${process.version}`);
for (let round = 1; round <= 2; round++) {
  console.log(`round ${round}`);
  await rate("node:crypto createHash, direct", () => {
    for (const e of entries) createHash("sha256").update(Uint8Array.of(0)).update(e).digest();
  });
  await rate("node:crypto via merkleWith (sync driver)", () => {
    for (const e of entries) sync.leafHash(e);
  });
  await rate("crypto.subtle.digest via merkle, awaited each", async () => {
    for (const e of entries) await merkle.leafHash(e);
  });
  await rate("crypto.subtle.digest via merkle, 1000 in flight", async () => {
    for (let i = 0; i < n; i += 1000) await Promise.all(entries.slice(i, i + 1000).map((e) => merkle.leafHash(e)));
  });
  await rate("whole log into a compact range, sync", () => {
    const range = sync.compactRange();
    for (const e of entries) range.append(sync.leafHash(e));
    return range.root();
  });
  await rate("whole log into a compact range, WebCrypto", async () => {
    const range = merkle.compactRange();
    for (const e of entries) await range.append(await merkle.leafHash(e));
    return range.root();
  });
}
