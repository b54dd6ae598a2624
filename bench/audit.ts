/**
 * Audit-log benchmark (part of npm run bench): batched appends per second and proof latency at a large
 * tree, on PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else PGlite), each beside a baseline
 * measured in the same run on the same database:
 *   appends  vs  a plain batched INSERT of the same entry bytes into a bare table (no tree, no hashing);
 *   proofs   vs  a primary-key lookup of one audit entry.
 * BENCH_AUDIT_ENTRIES sets the tree size (default 1,000,000).
 */
import { sql } from "kysely";
import pg from "pg";
import { AuditLog } from "../apps/server/src/modules/audit/index.js";
import { SecretBox } from "../apps/server/src/platform/crypto/secret-box.js";
import { openDatabase } from "../apps/server/src/platform/db/database.js";
import { migrate } from "../apps/server/src/platform/db/migrator.js";

const N = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);
const TXN = 1000; // events per caller transaction
const KEY = Buffer.alloc(32, 3).toString("base64");

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export async function benchAudit(): Promise<string[]> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  let url: string | undefined;
  let drop = async () => {};
  if (server) {
    const name = `yiwang_bench_${Date.now()}`;
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const d = new pg.Client({ connectionString: server });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    };
  }
  const database = await openDatabase({ databaseUrl: url });
  const out: string[] = [];
  try {
    await migrate(database.db);
    const db = database.db;
    const log = new AuditLog(db, { box: new SecretBox(KEY), treeHeadAlgorithm: "Ed25519" });
    const event = (i: number) => ({
      type: "bench.event",
      actor: `staff:${i % 500}`,
      subject: `case:${i}`,
      payload: { i },
    });

    // Baseline: the same number of rows, plain INSERT in the same batches, no tree.
    await sql`create table bench_plain (id bigserial primary key, entry bytea not null)`.execute(db);
    const sample = Buffer.from(JSON.stringify(event(0)));
    let t = performance.now();
    for (let i = 0; i < N; i += TXN) {
      const rows = Array.from({ length: Math.min(TXN, N - i) }, () => sample);
      await sql`insert into bench_plain (entry) select * from unnest(${rows}::bytea[])`.execute(db);
    }
    const plainRate = N / ((performance.now() - t) / 1000);

    t = performance.now();
    for (let i = 0; i < N; i += TXN) {
      const batch = Array.from({ length: Math.min(TXN, N - i) }, (_, j) => event(i + j));
      await db.transaction().execute((trx) => log.append(batch, trx));
      if ((i / TXN) % 20 === 19) await log.flush(); // the background sequencer's role, interleaved
    }
    await log.flush();
    const appendRate = N / ((performance.now() - t) / 1000);
    const { size } = await log.tree();
    if (size !== N) throw new Error(`tree has ${size} entries, expected ${N}`);

    // Proof latency at size N, random leaves, beside a primary-key lookup.
    const R = 2000;
    const lookups: number[] = [];
    const inclusion: number[] = [];
    const consistency: number[] = [];
    for (let r = 0; r < R; r++) {
      const leaf = Math.floor(Math.random() * N);
      let s = performance.now();
      await db.selectFrom("audit_entries").select("entry").where("leaf_index", "=", leaf).executeTakeFirstOrThrow();
      lookups.push(performance.now() - s);
      s = performance.now();
      await log.inclusionProof(leaf, N);
      inclusion.push(performance.now() - s);
      s = performance.now();
      await log.consistencyProof(Math.max(1, leaf), N);
      consistency.push(performance.now() - s);
    }
    const row = (name: string, xs: number[], base: number[]) =>
      `| ${name} | ${pct(xs, 50).toFixed(2)} | ${pct(xs, 99).toFixed(2)} | ${(pct(xs, 50) / pct(base, 50)).toFixed(2)}× |`;
    out.push(
      `Audit log on ${database.driver}, ${N.toLocaleString("en")} entries, ${TXN} events per caller transaction`,
    );
    out.push("");
    out.push("| audit scenario | appends/s | vs baseline |");
    out.push("| --- | ---: | ---: |");
    out.push(`| baseline: plain batched INSERT, no tree | ${plainRate.toFixed(0)} | 1.00 |`);
    out.push(
      `| audit append + batched sequencing (RFC 9162 tree) | ${appendRate.toFixed(0)} | ${(appendRate / plainRate).toFixed(2)} |`,
    );
    out.push("");
    out.push(
      `| proof at tree size ${N.toLocaleString("en")} (${R} random leaves) | p50 ms | p99 ms | p50 vs baseline |`,
    );
    out.push("| --- | ---: | ---: | ---: |");
    out.push(row("baseline: primary-key lookup of one entry", lookups, lookups));
    out.push(row("inclusion proof (get-proof-by-index)", inclusion, lookups));
    out.push(row("consistency proof (get-sth-consistency)", consistency, lookups));
  } finally {
    await database.close();
    await drop();
  }
  return out;
}
