/**
 * Archiving (电子档案) in one process (part of npm run bench; BENCH_ARCHIVES=N packages, default 40, 0 skips):
 *  - archiving throughput: packages/min for a typical case — five material PDFs of BENCH_ARCHIVES_MATERIAL_KB
 *    (default 200 KiB) each, the license PDF and VC, form, history and audit JSON — through the archives
 *    module's own path (档号 under the counter's row lock, BagIt tar, the 四性 checks incl. parsing every PDF,
 *    the file store, the catalogue row, the audit entry), one transaction per package, on PGlite;
 *  - the scheduled check: MB/s over all those packages (read, hash, parse, compare with the audit log),
 *    beside the same run's raw SHA-256 MB/s over the same bytes (node:crypto, one core) — the floor.
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp } from "../apps/server/src/app.js";
import type { Catalogue } from "../apps/server/src/modules/archives/index.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";
import { benchAppConfig } from "./app-config.js";

export const ARCHIVES = Number(process.env.BENCH_ARCHIVES ?? 40);
const MATERIAL_KB = Number(process.env.BENCH_ARCHIVES_MATERIAL_KB ?? 200);

/** A one-page PDF whose content stream is `kb` KiB of text operators (a text-heavy material). */
function materialPdf(kb: number, seed: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < kb * 1024; i++) {
    const l = `BT /F1 8 Tf 20 ${(i % 90) * 9 + 10} Td (material ${seed} line ${i} ${createHash("sha256").update(`${seed}:${i}`).digest("hex")}) Tj ET`;
    lines.push(l);
    size += l.length + 1;
  }
  const stream = lines.join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

export async function benchArchives(): Promise<string[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "yiwang-bench-archives-"));
  const config = benchAppConfig(dataDir);
  const database = await openDatabase({ pgliteDir: path.join(dataDir, "pglite") });
  try {
    await migrate(database.db);
    const app = await buildApp(config, { database });
    await app.ready();
    const { archiving, fixity } = app.archives;
    const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2));
    const packages = Array.from({ length: ARCHIVES }, (_, n) => [
      ...Array.from({ length: 5 }, (_, i) => ({
        path: `materials/0${i + 1}.pdf`,
        bytes: materialPdf(MATERIAL_KB, n * 10 + i),
      })),
      { path: "licenses/license.pdf", bytes: materialPdf(30, n * 10 + 9) },
      { path: "licenses/license.vc.jwt", bytes: Buffer.from("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl") },
      { path: "case.json", bytes: json({ caseId: randomUUID(), form: { name: "示例", n } }) },
      {
        path: "history.json",
        bytes: json([
          { seq: 1, type: "submitted" },
          { seq: 2, type: "delivered" },
        ]),
      },
      { path: "audit.json", bytes: json({ entries: [] }) },
    ]);
    const catalogue: Catalogue = {
      fonds: "YW01",
      year: 2026,
      retention: "30y",
      title: "食品经营许可（新办）（基准）",
      responsible: "示例市市场监督管理局",
      date: "2026-03-02",
      classification: "内部",
      caseNumber: null,
      itemCode: "990100-XK-001",
      itemVersion: 1,
      outcome: "approved",
      applicant: "示例企业",
      departments: ["示例市市场监督管理局"],
    };
    let t0 = performance.now();
    for (const payload of packages)
      await database.db
        .transaction()
        .execute((trx) => archiving.store(trx, catalogue, payload, { caseId: randomUUID() }));
    const archiveSeconds = (performance.now() - t0) / 1000;

    t0 = performance.now();
    const runs = await database.db.transaction().execute((trx) => fixity.checkAll(trx, "scheduled"));
    const checkSeconds = (performance.now() - t0) / 1000;
    if (runs.some((r) => !r.passed)) throw new Error("a bench package failed its scheduled check");
    const bytes = runs.reduce((n, r) => n + r.bytes, 0);

    const tars = await Promise.all(
      runs.map(async (r) =>
        app.platform.files.blobs.get((await app.archives.catalogue.detail(r.packageId)).packageSha256 as string),
      ),
    );
    t0 = performance.now();
    let rounds = 0;
    while (performance.now() - t0 < 2000) {
      for (const tar of tars) createHash("sha256").update(tar).digest();
      rounds++;
    }
    const shaSeconds = (performance.now() - t0) / 1000;
    const shaMBs = (bytes * rounds) / 1e6 / shaSeconds;
    const checkMBs = bytes / 1e6 / checkSeconds;
    await app.close();
    const mb = (bytes / runs.length / 1e6).toFixed(2);
    return [
      `Archives (PGlite, ${ARCHIVES} packages of 5 × ${MATERIAL_KB} KiB materials + license, ${mb} MB each):`,
      `  archiving: ${((ARCHIVES / archiveSeconds) * 60).toFixed(0)} packages/min (${((archiveSeconds / ARCHIVES) * 1000).toFixed(0)} ms each, one at a time)`,
      `  scheduled check: ${checkMBs.toFixed(1)} MB/s (${runs.length} packages in ${checkSeconds.toFixed(2)} s)`,
      `  raw SHA-256 (node:crypto, same bytes, same run): ${shaMBs.toFixed(0)} MB/s — the check runs at ${((checkMBs / shaMBs) * 100).toFixed(1)} % of it`,
    ];
  } finally {
    await database.close().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
