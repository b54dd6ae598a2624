/**
 * The floor of a database read over HTTP in one Node process (bench/read-floor.ts starts it): bare Fastify,
 * logging off, and for each path the statements the app itself ran for that request (recorded from an
 * in-process instance: text and values, BENCH_FLOOR_STATEMENTS), run one after another through a
 * node-postgres pool of the app's size (BENCH_FLOOR_POOL) as named prepared statements, the last one's rows
 * written with JSON.stringify (bytes as base64). No session check, no decryption, no mapping, no schema, no log: what any
 * server in one Node process pays to ask PostgreSQL the same questions and answer over HTTP. It runs with the
 * app's heap tuning (platform/heap-tuning.ts), so a run where V8 happens to tenure node-postgres's rows does
 * not lower the floor.
 */
import fs from "node:fs";
import Fastify from "fastify";
import pg from "pg";
import { tuneHeapForServing } from "../apps/server/src/platform/heap-tuning.js";
import { type RecordedStatement, reviveValues } from "./read-floor.js";

tuneHeapForServing();

const recorded = JSON.parse(fs.readFileSync(process.env.BENCH_FLOOR_STATEMENTS as string, "utf8")) as Record<
  string,
  RecordedStatement[]
>;
const statements = new Map(
  Object.entries(recorded).map(([url, list]) => [
    url,
    list.map((s) => ({ name: `f${s.text.length}_${hash(s.text)}`, text: s.text, values: reviveValues(s.values) })),
  ]),
);
const pool = new pg.Pool({
  connectionString: process.env.BENCH_DATABASE_URL,
  max: Number(process.env.BENCH_FLOOR_POOL ?? 10),
});

const app = Fastify({ logger: false });
app.get("/*", async (request, reply) => {
  const list = statements.get(request.url);
  if (!list) return reply.code(404).send({ code: "NOT_RECORDED" });
  let rows: unknown[] = [];
  for (const s of list) rows = (await pool.query(s)).rows;
  return reply.type("application/json; charset=utf-8").send(JSON.stringify(rows.map(base64Buffers)));
});
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
process.stdout.write(`PID ${process.pid}\n`);
process.stdout.write(`LISTENING ${typeof address === "object" && address ? address.port : 0}\n`);
process.on("SIGTERM", async () => {
  await app.close();
  await pool.end();
  process.exit(0);
});

/** A bytea column (the sealed form) as base64, as an API would send bytes, not JSON.stringify's array of numbers. */
function base64Buffers(row: unknown): unknown {
  if (!row || typeof row !== "object") return row;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = Buffer.isBuffer(v) ? v.toString("base64") : v;
  return out;
}

function hash(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
}
